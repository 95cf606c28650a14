"""互助资金: the village's mutual-aid fund and its small loans (issue 11), built on the ledger and the share
register. It posts money only through finance.operations, asks R4 only through members.face and decides
through coop.approvals. See docs/design/fund.md."""
