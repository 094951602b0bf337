"""Screens for organisations, contacts, their links, the journal, sourcing and imports."""

from partners.views.contacts import (
    affiliation_create,
    affiliation_update,
    contact_create,
    contact_detail,
    contact_export,
    contact_list,
    contact_update,
)
from partners.views.imports import import_sample, import_upload
from partners.views.jobs import datajob_confirm, datajob_detail, datajob_download, datajob_list
from partners.views.journal import (
    interaction_create,
    interaction_delete,
    interaction_export,
    interaction_list,
    interaction_update,
)
from partners.views.merge import contact_merge, organisation_merge
from partners.views.organisations import (
    organisation_archive,
    organisation_create,
    organisation_detail,
    organisation_export,
    organisation_list,
    organisation_unarchive,
    organisation_update,
)
from partners.views.privacy import contact_data_export, contact_erase, contact_unsubscribe
from partners.views.relationships import relationship_create, relationship_end
from partners.views.sourcing import provider_export, provider_list

__all__ = [
    "affiliation_create",
    "affiliation_update",
    "contact_create",
    "contact_data_export",
    "contact_detail",
    "contact_erase",
    "contact_export",
    "contact_list",
    "contact_merge",
    "contact_unsubscribe",
    "contact_update",
    "datajob_confirm",
    "datajob_detail",
    "datajob_download",
    "datajob_list",
    "import_sample",
    "import_upload",
    "interaction_create",
    "interaction_delete",
    "interaction_export",
    "interaction_list",
    "interaction_update",
    "organisation_archive",
    "organisation_create",
    "organisation_detail",
    "organisation_export",
    "organisation_list",
    "organisation_merge",
    "organisation_unarchive",
    "organisation_update",
    "provider_export",
    "provider_list",
    "relationship_create",
    "relationship_end",
]
