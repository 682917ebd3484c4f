"""People and their participations (spells): registration at start and end with försörjning
before and after, anonymous and volume registrations, the person page and the lists;
personnummer encrypted and looked up by keyed hash (identity.py).
"""
