"""Users and roles (domain.md's five), the login with its second factor, who may see what
(access.py owns every visibility rule; decorators.role_required guards the views) and the
start page of each role.
"""
