"""The money core of the payout engine: plain functions over integer pence, free of Django.

The Django layer (models, ledger, payout runs) wraps these; nothing here touches a database,
a clock or a float.
"""
