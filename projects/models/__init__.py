"""The agency-built project (项目代建, R5) and its steps, each its own dated, signed row.

`project` holds the project itself; `steps` the decisions before any work (申报, 批复, 委托代建协议, 比选, 施工合同);
`money` what moves money and is posted through the ledger's face (资金到账, 变更, 支付); `work` the labour and rental
records the payroll pays; `completion` what closes the project (竣工验收, 决算, 审计) and the asset register it feeds.
"""

from projects.models.completion import Acceptance, AcceptanceMember, Asset, Audit, Settlement
from projects.models.money import FundsReceipt, Payment, PaymentLine, Variation
from projects.models.project import CAP, Project
from projects.models.steps import Application, Approval, Competition, Contract, Entrustment, EvaluatorStatement, Quote
from projects.models.work import LabourRecord, Rental

__all__ = [
    "CAP", "Acceptance", "AcceptanceMember", "Application", "Approval", "Asset", "Audit", "Competition", "Contract",
    "Entrustment", "EvaluatorStatement", "FundsReceipt", "LabourRecord", "Payment", "PaymentLine", "Project", "Quote",
    "Rental", "Settlement", "Variation",
]
