"""People: the four logins (one per role), fictional contacts and the roles they hold."""

import datetime as dt

from core import roles

PASSWORD = "maillage-demo"
USERS = (  # username, first name, last name, role
    ("admin", "Claire", "Vidal", roles.ADMINISTRATOR),
    ("relations", "Samir", "Haddou", roles.RELATIONS_MANAGER),
    ("coordination", "Léa", "Moreau", roles.COORDINATOR),
    ("collaboration", "Antoine", "Roux", roles.COLLABORATOR),
)

# When the contacts who consent to e-mail gave their consent (Europe/Paris).
CONSENTED_AT = dt.datetime(2024, 3, 12, 10)
CONTACTS = {  # fictional people: civility, first name, last name, consents to e-mail
    "marchal": ("mme", "Hélène", "Marchal", True),
    "besnard": ("mme", "Aurélie", "Besnard", True),
    "tessier": ("m", "Karim", "Tessier", False),
    "lemaire": ("mme", "Sophie", "Lemaire", True),
    "garnier": ("m", "Bertrand", "Garnier", False),
    "legoff": ("m", "Yann", "Le Goff", True),
    "charpentier": ("m", "Olivier", "Charpentier", True),
    "ferracci": ("m", "Julien", "Ferracci", True),
    "kerbrat": ("mme", "Maëlle", "Kerbrat", False),
    "prigent": ("m", "Erwan", "Prigent", False),
    "orsini": ("mme", "Nathalie", "Orsini", False),
    "aubert": ("mme", "Camille", "Aubert", True),
    "girard": ("m", "Thomas", "Girard", False),
    "vasseur": ("mme", "Anne-Laure", "Vasseur", True),
    "dumoulin": ("mme", "Claire", "Dumoulin", False),
    "fontaine": ("mme", "Isabelle", "Fontaine", True),
    "renard": ("m", "Mathieu", "Renard", False),
    "haddad": ("mme", "Fatima", "Haddad", True),
    "rolland": ("m", "Pierre", "Rolland", False),
}
AFFILIATIONS = (  # contact, organisation, role title, primary contact
    ("marchal", "gip", "Présidente", True),
    ("besnard", "gip", "Chargée de mission achats responsables", False),
    ("tessier", "urtie", "Président", True),
    ("lemaire", "grafie", "Directrice", True),
    ("garnier", "unea", "Président", True),
    ("legoff", "unea", "Administrateur et délégué régional", False),
    ("legoff", "EA Blanchisserie Armor", "Directeur", True),
    ("charpentier", "gesat", "Directeur général", True),
    ("ferracci", "gesat", "Délégué régional Provence-Alpes-Côte d'Azur", False),
    ("kerbrat", "fei_bzh", "Présidente", True),
    ("prigent", "cr_bzh", "Vice-président chargé de l'économie sociale et solidaire", True),
    ("orsini", "amp", "Vice-présidente déléguée à la commande publique", True),
    ("aubert", "amp", "Chargée de mission achats responsables", False),
    ("girard", "fiphfp", "Délégué territorial handicap", True),
    ("vasseur", "handeco", "Déléguée générale", True),
    ("dumoulin", "fondation", "Directrice générale", True),
    ("fontaine", "paris", "Responsable des achats responsables", True),
    ("renard", "laposte", "Responsable achats solidaires", True),
    ("haddad", "ESAT Les Ateliers du Vieux-Port", "Directrice", True),
    ("rolland", "apf", "Directeur régional Île-de-France", True),
)
