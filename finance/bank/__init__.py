"""Bank reconciliation (银行对账): the township officer's monthly control that the books meet the bank.

It reads the books and never posts to them. The bank's statement for one bank account (a leaf under 102) and
one month is imported (`statement_import`), its lines matched one-to-one to the posted lines of that account
(`operations`), and the 银行存款余额调节表 is derived from what stays unmatched (`queries.reconcile`). A month
whose statement and books disagree can be closed only with a recorded explanation (`closing.check`, the hook
`finance.operations.close_period` calls).
"""
