"""Excel imports of a village's people: the roster (花名册: households, persons, members) and the county's
poverty register (建档立卡名册: which households are registered poor and when they left poverty).

Parsing never writes; applying writes everything in one transaction or nothing. Both read through
coop.spreadsheets, like the ledger import, and both are reached from the admin (upload, preview, confirm)
and from `manage.py import_members`.
"""
