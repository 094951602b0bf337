"""Purchases: the City of Paris's 2010 purchases from the sector, the Métropole
Aix-Marseille-Provence's from Bouches-du-Rhône ESAT and EA, before and after its 2021
partnership with Réseau Gesat, and a private buyer's year with its labour costs (OETH).

Public figures where there are some: the City of Paris bought 1.9 M€ from the sector in
2010 in six trades (DOMAIN.md). The split between trades and providers, and every line, are
invented. The Métropole's yearly totals from ESAT and EA are those its convention's
indicator reports (demo/data/conventions.py: 850,000 € before the partnership, then the
year-end reviews of 2021 to 2025), and its reserved contracts each year are as many as the
indicator "Nombre de marchés réservés" counts.
"""

from decimal import Decimal

# The City of Paris, 2010: trade -> (provider, amount in €, lines, reserved lots).
PARIS_YEAR = 2010
PARIS_2010 = (
    ("Fournitures de bureau", "EA Bureau Vert", Decimal(420_000), 12, True),
    ("Blanchisserie", "ESAT Blanchisserie de Montsouris", Decimal(480_000), 12, True),
    ("Traiteur", "ESAT Le Fournil de Nanterre", Decimal(310_000), 9, False),
    ("Mise sous pli et routage", "EA Routage Solidaire de Pantin", Decimal(260_000), 12, True),
    ("Produits d'entretien", "ESAT Les Ateliers d'Ivry", Decimal(250_000), 6, False),
    ("Couture et retouches", "ESAT Blanchisserie de Montsouris", Decimal(180_000), 4, False),
)
PARIS_TOTAL = Decimal(1_900_000)

# The Métropole: year -> (its purchases from ESAT and EA in €, how many of its contracts
# with them are reserved, art. L2113-12).
METROPOLE_STPA = {
    2019: (Decimal(790_000), 1),
    2020: (Decimal(850_000), 2),
    2021: (Decimal(1_020_000), 3),
    2022: (Decimal(1_240_000), 5),
    2023: (Decimal(1_410_000), 7),
    2024: (Decimal(1_580_000), 8),
    2025: (Decimal(1_720_000), 10),
}
# Contracts that are not reserved, besides, each year.
METROPOLE_OPEN_CONTRACTS = 3
# Who does what, in turn, for the Métropole's contracts with ESAT and EA.
METROPOLE_CONTRACTS = (
    ("ESAT Les Ateliers du Vieux-Port", "Mise sous pli et routage", "service"),
    ("EA Blanchisserie de la Calanque", "Blanchisserie", "service"),
    ("ESAT La Sainte-Victoire", "Espaces verts", "service"),
    ("EA Numérik Sud", "Numérisation", "service"),
    ("ESAT Blanchisserie du Pays salonais", "Traiteur", "supply"),
    ("ESAT Les Ateliers du Vieux-Port", "Blanchisserie", "service"),
    ("EA Blanchisserie de la Calanque", "Couture et retouches", "service"),
    ("ESAT La Sainte-Victoire", "Maraîchage", "supply"),
    ("EA Numérik Sud", "Gestion électronique de documents", "service"),
    ("ESAT Blanchisserie du Pays salonais", "Blanchisserie", "service"),
)
# And from insertion structures (SIAE), reserved under art. L2113-13 with insertion hours:
# year -> (provider, trade, amount in €, insertion hours).
METROPOLE_SIAE = {
    2022: (("EI Provence Propreté Services", "Nettoyage de locaux", Decimal(60_000), 1_400),),
    2023: (("EI Provence Propreté Services", "Nettoyage de locaux", Decimal(85_000), 1_950),
           ("ACI Les Jardins de l'Étang", "Espaces verts", Decimal(24_000), 900)),
    2024: (("EI Provence Propreté Services", "Nettoyage de locaux", Decimal(110_000), 2_500),
           ("ACI Les Jardins de l'Étang", "Espaces verts", Decimal(36_000), 1_300)),
    2025: (("EI Provence Propreté Services", "Nettoyage de locaux", Decimal(130_000), 2_900),
           ("ACI Les Jardins de l'Étang", "Espaces verts", Decimal(42_000), 1_500)),
}  # fmt: skip

# La Poste, a private employer, 2024, with the labour costs its providers state (its OETH
# estimate): provider, date, amount, labour cost (None: not given), trade, reference.
LA_POSTE_YEAR = 2024
LA_POSTE_2024 = (
    ("ESAT Les Ateliers de Belleville", "2024-02-15", "12000.00", "8400.00",
     "Impression et reprographie", "LP-2024-0041"),
    ("ESAT Les Ateliers de Belleville", "2024-06-12", "8500.00", "5950.00",
     "Conditionnement", "LP-2024-0219"),
    ("ESAT Les Ateliers de Belleville", "2024-10-03", "4000.50", "2800.35",
     "Conditionnement", "LP-2024-0388"),
    ("EA Paris Accueil Services", "2024-06-30", "21600.00", "18360.00",
     "Accueil et standard", "LP-MAR-2023-07"),
    ("EA Paris Accueil Services", "2024-12-31", "21600.00", "18360.00",
     "Accueil et standard", "LP-MAR-2023-07"),
    ("EATT Intérim Inclusif Île-de-France", "2024-09-30", "15000.00", "14250.00",
     "Logistique", "LP-2024-0302"),
    ("ESAT Le Fournil de Nanterre", "2024-05-21", "4315.20", None, "Traiteur", "LP-2024-0170"),
    ("EI La Recyclerie de Montreuil", "2024-11-08", "9000.00", None, "Recyclage",
     "LP-2024-0415"),
)  # fmt: skip
