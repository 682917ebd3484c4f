"""Underlag till Uppföljning Finsam: the yearly figures Försäkringskassan collects per förbund —
participants by kön computed from the registry, the economy entered by kansli (AssociationYear)."""
