"""Partners: organisations, the people in them, their links and the journal."""

from partners.models.contacts import Affiliation, Contact
from partners.models.jobs import DataJob
from partners.models.journal import Interaction
from partners.models.merges import Merge
from partners.models.organisations import Organisation, OrganisationQuerySet, Trade
from partners.models.relationships import Relationship
from partners.models.territories import Department, Region

__all__ = [
    "Affiliation",
    "Contact",
    "DataJob",
    "Department",
    "Interaction",
    "Merge",
    "Organisation",
    "OrganisationQuerySet",
    "Region",
    "Relationship",
    "Trade",
]
