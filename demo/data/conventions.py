"""Conventions: the four partnerships of DOMAIN.md, their articles, action plans and indicators.

Each convention is a dict: "fields" (the convention's own), "parties", "clauses" (the values
of CLAUSES' placeholders), then optionally "axes", "plan" and "indicators". Besides the dates
of the package docstring, a date in here may be "signature" (the convention's signature day),
("start", days) or ("end", days), counted from the convention's start or end. The live
conventions' own dates depend on the day of loading: `demo.loaders.conventions` computes them.
"""

import datetime as dt

SIGNATURE = "signature"

COMMITTEE = (
    "Un comité de pilotage réunissant les signataires se tient au moins deux fois par an. "
    "Il examine l'avancement des actions de l'annexe et les indicateurs de suivi."
)
TERMINATION = (
    "Chaque partie peut résilier la convention par lettre recommandée avec accusé de "
    "réception, moyennant un préavis de trois mois."
)
CLAUSES = (  # title, body; {objet}, {engagements} and {duree} come from each convention
    ("Objet", "La présente convention a pour objet {objet}."),
    ("Engagements des parties", "{engagements} Les actions sont détaillées en annexe."),
    ("Durée", "{duree}"),
    ("Comité de pilotage", COMMITTEE),
    ("Résiliation", TERMINATION),
)

# Parties: organisation, signatory (a contact), role, signed on (None: not yet); optionally,
# a dict of other fields. Plans: title, lead (a party's organisation), owner (a username or a
# contact), starts, due, status, progress; optionally the day it was completed (else, for a
# done action, its due day). Indicators: name, unit, target, measurements, other fields
# ("action": the number of the action it measures).


def year_ends(first: int, values: tuple[int, ...]) -> tuple:
    """The year-end reviews ("Bilan 2021"…) of `values`, the first at the end of `first`."""
    return tuple(
        (dt.date(first + offset, 12, 31), value, f"Bilan {first + offset}")
        for offset, value in enumerate(values)
    )


MACS_PREAMBLE = (
    "Les chantiers du Grand Paris et la préparation des Jeux olympiques et paralympiques de "
    "2024 ouvrent aux structures de l'insertion par l'activité économique (IAE) et du secteur "
    "du travail protégé et adapté (STPA) un volume d'achats publics sans précédent. La Mission "
    "d'appui au développement des clauses sociales (MACS), pilotée par le GIP Maximilien, "
    "réunit l'URTIE, le GRAFIE, l'UNEA et le Réseau Gesat pour que les acheteurs franciliens "
    "s'en saisissent."
)
MACS_PROGRAMME = {
    "name": "Mission d'appui au développement des clauses sociales",
    "acronym": "MACS Île-de-France",
    "pilot": "gip",
    "description": MACS_PREAMBLE,
}
PRACTICES = "Identifier les bonnes pratiques dans chaque secteur"
OFFER = "Valoriser l'offre des structures de l'IAE et du STPA"
OPENMAP = "Contribuer à l'organisation des rencontres Openmap ESS"
AWARENESS = "Sensibiliser les acheteurs aux marchés comportant des clauses sociales"
MACS_ACTIONS = (  # title, led by the partner network (else by the pilot), due
    (PRACTICES, True, dt.date(2018, 6, 29)),
    (OFFER, True, dt.date(2018, 12, 14)),
    (OPENMAP, False, dt.date(2019, 6, 28)),
    (AWARENESS, False, dt.date(2019, 12, 13)),
)
MACS_NETWORKS = (  # the partner network of each bilateral convention, and its signatory
    ("urtie", "tessier"),
    ("grafie", "lemaire"),
    ("unea", "garnier"),
    ("gesat", "charpentier"),
)
MACS_OWNER = "besnard"  # owns the actions the pilot leads
# One per network, {short} being the network's acronym, or else its name.
MACS_BILATERAL = {
    "fields": {
        "title": "MACS Île-de-France — GIP Maximilien × {short}",
        "status": "expired",
        "signed_on": dt.date(2017, 9, 5),
        "starts_on": dt.date(2017, 9, 5),
        "ends_on": dt.date(2019, 12, 31),
        "preamble": MACS_PREAMBLE,
        "purpose": "Développer les clauses sociales et les marchés réservés en Île-de-France.",
    },
    "pilot": ("gip", "marchal", "pilot", SIGNATURE),
    "clauses": {
        "objet": "d'organiser la contribution de {short} à la MACS",
        "engagements": "Le GIP Maximilien anime la mission ; {short} mobilise son réseau.",
        "duree": "La convention prend effet à sa signature et court jusqu'au 31/12/2019.",
    },
}
MACS_RENEWAL = {
    "fields": {
        "title": "MACS Île-de-France — renouvellement 2026",
        "status": "negotiation",
        "preamble": MACS_PREAMBLE,
        "purpose": "Renouveler la contribution du Réseau Gesat à la mission MACS.",
    },
    "parties": (
        ("gip", "marchal", "pilot", -12),
        ("gesat", "charpentier", "signatory", None),
    ),
    "clauses": {
        "objet": "de renouveler la contribution du Réseau Gesat à la MACS",
        "engagements": (
            "Le GIP Maximilien anime la mission ; le Réseau Gesat valorise les ESAT et EA."
        ),
        "duree": "La convention court jusqu'au 31 décembre de sa troisième année.",
    },
    "plan": (
        (PRACTICES, "gesat", "coordination", -120, -30, "done", 100, -34),
        (OFFER, "gesat", "relations", -90, -10, "in_progress", 60),
        (OPENMAP, "gip", "coordination", -60, 6, "in_progress", 40),
        (AWARENESS, "gip", "collaboration", 3, 45, "planned", 0),
        ("Préparer le comité de pilotage de lancement", "gesat", "charpentier", -20, -2,
         "blocked", 20),
    ),
    "indicators": (
        ("Nombre d'acheteurs publics sensibilisés", "acheteurs", 150,
         ((-60, 38, "Point d'étape"), (-14, 64, "Point mensuel")),
         {"frequency": "monthly", "action": "4"}),
        ("Nombre de marchés publics avec clause sociale", "marchés", 40,
         ((-14, 11, "Point mensuel"),), {"frequency": "quarterly"}),
        ("Nombre de structures IAE et STPA valorisées", "structures", 300,
         ((-14, 184, "Point mensuel"),), {"frequency": "quarterly", "action": "2"}),
    ),
}  # fmt: skip

BRETAGNE_SIGNED = dt.date(2018, 4, 10)
BRETAGNE = {
    "fields": {
        "title": "UNEA × FEI Bretagne — accès des EI, ETTI et EA à la commande publique",
        "status": "expired",
        "signed_on": BRETAGNE_SIGNED,
        "starts_on": BRETAGNE_SIGNED,
        "ends_on": dt.date(2019, 12, 31),
        "purpose": "Rapprocher les acheteurs publics bretons des EI, ETTI et EA.",
    },
    "parties": (
        ("unea", "legoff", "signatory", SIGNATURE),
        ("fei_bzh", "kerbrat", "signatory", SIGNATURE),
        ("cr_bzh", None, "partner", None, {
            "signs": False,
            "commitments": (
                "Ouvre ses services achats aux rencontres et partage sa programmation."
            ),
        }),
    ),
    "clauses": {
        "objet": "de faciliter l'accès des EI, ETTI et EA aux marchés publics",
        "engagements": "L'UNEA et la FEI Bretagne mobilisent leurs adhérents.",
        "duree": "La convention court jusqu'au 31/12/2019.",
    },
    # number, title, description, plan: its actions are numbered 1.1, 1.2…
    "axes": (
        (1, "Aider les acheteurs publics à identifier des prestataires et à anticiper les marchés",
         "Sourcing et anticipation des marchés accessibles aux EI, ETTI et EA.", (
            ("Rencontrer les acheteurs du Conseil régional",
             "fei_bzh", "kerbrat", SIGNATURE, dt.date(2018, 6, 28), "done", 100),
            ("Identifier les marchés accessibles aux EI, ETTI et EA",
             "unea", "legoff", SIGNATURE, dt.date(2018, 11, 28), "done", 100),
            ("Organiser des journées portes ouvertes et des forums",
             "fei_bzh", "kerbrat", SIGNATURE, dt.date(2018, 6, 28), "done", 100),
        )),
        (2, "Professionnaliser les EI, ETTI et EA dans la réponse aux marchés publics",
         "Former et outiller les structures pour répondre aux appels d'offres.", (
            ("Former à la commande publique comme opportunité",
             "unea", "legoff", SIGNATURE, dt.date(2018, 11, 28), "done", 100),
            ("Former aux clauses sociales",
             "fei_bzh", "kerbrat", SIGNATURE, dt.date(2019, 6, 28), "done", 100),
            ("Mettre en place une veille économique",
             "unea", "legoff", SIGNATURE, dt.date(2019, 11, 28), "done", 100),
            ("Accompagner la préparation d'une offre",
             "fei_bzh", "kerbrat", SIGNATURE, dt.date(2019, 6, 28), "done", 100),
            ("Aider à la recherche de cotraitants",
             "unea", "legoff", SIGNATURE, dt.date(2019, 11, 28), "cancelled", 30),
        )),
    ),
    "indicators": (
        ("Nombre de marchés publics identifiés comme accessibles", "marchés", 25,
         year_ends(2018, (12, 27)), {}),
        ("Nombre de structures formées à répondre aux appels d'offres", "structures", 60,
         year_ends(2018, (22, 58)), {}),
        ("Nombre de participants aux portes ouvertes et forums", "participants", 300,
         year_ends(2018, (140, 320)), {}),
    ),
}  # fmt: skip

METROPOLE = {
    "fields": {
        "title": "Partenariat annuel Métropole Aix-Marseille-Provence × Réseau Gesat",
        "status": "active",
        "tacit_renewal": True,
        "renewal_months": 12,
        "notice_days": 60,
        "purpose": "Développer les achats de la Métropole auprès des ESAT et EA.",
    },
    "parties": (
        ("amp", "orsini", "signatory", SIGNATURE),
        ("gesat", "charpentier", "signatory", SIGNATURE),
    ),
    "clauses": {
        "objet": "d'accompagner la Métropole dans ses achats responsables",
        "engagements": "Le Réseau Gesat apporte son expertise ; la Métropole ouvre ses achats.",
        "duree": "Conclue pour un an, elle est reconduite tacitement par périodes de douze "
        "mois, sauf dénonciation soixante jours avant l'échéance.",
    },
    "plan": (
        ("Diagnostic des achats et du potentiel de marchés responsables",
         "gesat", "ferracci", ("start", 0), ("start", 90), "done", 100),
        ("Plan d'accompagnement opérationnel",
         "gesat", "ferracci", ("start", 60), ("start", 180), "done", 100),
        ("Suivi continu des processus d'achat pour identifier des prestataires",
         "gesat", "relations", ("start", 90), ("end", 0), "in_progress", 70),
        ("Formations des acheteurs, prescripteurs et élus",
         "amp", "coordination", -150, 20, "in_progress", 55),
        ("Appui juridique à la rédaction des clauses",
         "gesat", "coordination", -100, -5, "in_progress", 80),
    ),
    "indicators": (
        ("Montant des achats auprès du secteur (€)", "€", 1_900_000,
         year_ends(2021, (1_020_000, 1_240_000, 1_410_000, 1_580_000, 1_720_000)),
         {"baseline": 850_000}),
        ("Nombre de marchés réservés", "marchés", 12,
         year_ends(2021, (3, 5, 7, 8, 10)), {"baseline": 2}),
        ("Taux de réponse des prestataires aux appels d'offres (%)", "%", 60,
         year_ends(2021, (31, 38, 44, 49, 53)), {"baseline": 25}),
    ),
}  # fmt: skip

HANDECO = {
    "fields": {
        "title": "Fondation Solidaire Horizon × Handeco — trophées des Handiformelles",
        "status": "active",
        "amount": 25000,
        "purpose": (
            "Parrainage des trophées des Handiformelles par la Fondation Solidaire Horizon."
        ),
    },
    "parties": (
        ("handeco", "vasseur", "signatory", SIGNATURE),
        ("fondation", "dumoulin", "funder", SIGNATURE),
    ),
    "clauses": {
        "objet": "le parrainage des trophées des Handiformelles",
        "engagements": "La Fondation finance les trophées ; Handeco organise l'événement.",
        "duree": "La convention court sur trois éditions des Handiformelles.",
    },
    "plan": (
        ("Constituer le jury des trophées",
         "handeco", "vasseur", -120, -75, "done", 100),
        ("Remettre les trophées lors des Handiformelles",
         "fondation", "dumoulin", -75, -45, "done", 100),
        ("Publier le bilan de l'édition et les lauréats",
         "handeco", "collaboration", -40, 15, "in_progress", 50),
        ("Préparer l'appel à candidatures de l'édition suivante",
         "handeco", "vasseur", 30, 120, "planned", 0),
    ),
    "indicators": (
        ("Nombre de candidatures aux trophées", "candidatures", 80,
         ((-45, 64, "Édition de l'année"),), {}),
    ),
}  # fmt: skip
