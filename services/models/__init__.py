from services.models.organisation import Equipment, Leadership, ServiceOrganisation, Worker

__all__ = ["Equipment", "Leadership", "ServiceOrganisation", "Worker"]
