"""The year-end income distribution (收益分配, R7), beside the share register: plans from the books' distributable
surplus and the charter's ratios, dividends by the shares on the record date, the assembly's and the township's
approval, the vouchers, the payments to members' bank accounts, the dividend sheet. Its face for other apps is
`distribution.queries` (dividends declared, paid and unpaid); writes go through `distribution.operations`."""
