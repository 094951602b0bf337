"""Demo data for `manage.py demo`: the four public partnerships of DOMAIN.md.

Organisations and facts come from public articles; every person, provider and SIRET
(La Poste's excepted) is fictional. Each row is looked up by a natural key before it is
created and existing rows are never updated, so loading twice changes nothing, history
included. Live items (the MACS renewal, the Métropole's annual partnership, the Handeco
sponsorship, tasks) are dated from `today`; the 2017-2019 conventions keep their fixed dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from stdnum import luhn

from actions.models import Action, Indicator, Measurement
from conventions.models import Axis, Clause, Convention, Party, Programme
from core import roles
from core.text import normalize
from partners.models import (
    Affiliation,
    Contact,
    Department,
    Interaction,
    Organisation,
    Relationship,
    Trade,
)
from tasks.models import Task

PASSWORD = "maillage-demo"
REASON = "Données de démonstration"
FICTIONAL = "Structure fictive, créée pour la démonstration de Maillage."
K = Organisation.Kind
A = Action.Status
F = Indicator.Frequency

USERS = (  # username, first name, last name, role
    ("admin", "Claire", "Vidal", roles.ADMINISTRATOR),
    ("relations", "Samir", "Haddou", roles.RELATIONS_MANAGER),
    ("coordination", "Léa", "Moreau", roles.COORDINATOR),
    ("collaboration", "Antoine", "Roux", roles.COLLABORATOR),
)

TRADES = (
    "Blanchisserie", "Espaces verts", "Restauration collective", "Traiteur", "Conditionnement",
    "Impression et reprographie", "Nettoyage de locaux", "Gestion électronique de documents",
    "Mise sous pli et routage", "Couture et retouches", "Menuiserie", "Entretien de véhicules",
    "Logistique", "Déménagement", "Recyclage", "Fournitures de bureau", "Numérisation",
    "Accueil et standard", "Travaux de second œuvre", "Maraîchage",
)  # fmt: skip

# Real organisations (no SIRET but La Poste's): key, name, acronym, kind, city, department
INSTITUTIONS = (
    ("gip", "GIP Maximilien", "", K.PUBLIC_BUYER, "Paris", "75"),
    ("urtie", "URTIE", "", K.NETWORK, "Paris", "75"),
    ("grafie", "GRAFIE", "", K.NETWORK, "Paris", "75"),
    ("unea", "Union nationale des entreprises adaptées", "UNEA", K.NETWORK, "Paris", "75"),
    ("gesat", "Réseau Gesat", "", K.NETWORK, "Paris", "75"),
    ("fei", "Fédération des entreprises d'insertion", "FEI", K.FEDERATION, "Paris", "75"),
    ("fei_bzh", "Fédération des entreprises d'insertion Bretagne", "FEI Bretagne",
     K.FEDERATION, "Rennes", "35"),
    ("cr_bzh", "Conseil régional de Bretagne", "", K.PUBLIC_BUYER, "Rennes", "35"),
    ("amp", "Métropole Aix-Marseille-Provence", "", K.PUBLIC_BUYER, "Marseille", "13"),
    ("fiphfp", "Fonds pour l'insertion des personnes handicapées dans la fonction publique",
     "FIPHFP", K.FUNDER, "Paris", "75"),
    ("handeco", "Handeco", "", K.NETWORK, "Paris", "75"),
    ("fondation", "Fondation Solidaire Horizon", "", K.FUNDER, "Lyon", "69"),
    ("apf", "APF France Handicap", "", K.FEDERATION, "Paris", "75"),
    ("apajh", "Fédération des APAJH", "APAJH", K.FEDERATION, "Pantin", "93"),
    ("paris", "Ville de Paris", "", K.PUBLIC_BUYER, "Paris", "75"),
    ("laposte", "La Poste", "", K.PRIVATE_BUYER, "Paris", "75"),
)  # fmt: skip
SIRETS = {"laposte": "35600000000048"}  # La Poste's exception to the Luhn rule
DESCRIPTIONS = {
    "gip": "Groupement d'acheteurs publics : fédère plus de 150 acheteurs publics franciliens.",
    "urtie": "Réseau régional de l'insertion par l'activité économique en Île-de-France.",
    "grafie": "Réseau régional de l'insertion par l'activité économique en Île-de-France.",
    "unea": "Union des entreprises adaptées : environ 600 entreprises membres.",
    "gesat": "Réseau des ESAT et EA : environ 2 250 établissements référencés, 200 métiers.",
    "fei_bzh": "Fédération régionale des entreprises d'insertion (EI et ETTI) en Bretagne.",
    "amp": "Développe ses achats responsables auprès du secteur protégé et adapté.",
    "handeco": "Rapproche acheteurs et secteur protégé et adapté (Handiformelles).",
    "fondation": f"Fondation d'entreprise, parraine les trophées Handiformelles. {FICTIONAL}",
    "paris": "A acheté 1,9 M€ au secteur en 2010 ; réserve des lots dans ses marchés.",
}

# Fictional providers; the name's first word is the kind: name; postcode city; workforce; trades
PROVIDERS = (
    "ESAT Les Ateliers du Vieux-Port; 13002 Marseille; 85; Blanchisserie, Mise sous pli et routage",
    "EA Blanchisserie de la Calanque; 13009 Marseille; 42; Blanchisserie, Couture et retouches",
    "ESAT La Sainte-Victoire; 13090 Aix-en-Provence; 110; Espaces verts, Maraîchage",
    "EI Provence Propreté Services; 13400 Aubagne; 36; Nettoyage de locaux",
    "EA Numérik Sud; 13013 Marseille; 28; Numérisation, Gestion électronique de documents",
    "ACI Les Jardins de l'Étang; 13500 Martigues; 24; Maraîchage, Espaces verts",
    "ETTI Tremplin Provence; 13003 Marseille; 60; Logistique, Déménagement",
    "ESAT Blanchisserie du Pays salonais; 13300 Salon-de-Provence; 70; Blanchisserie, Traiteur",
    "ESAT Les Ateliers de Belleville; 75020 Paris; 95; Impression et reprographie, Conditionnement",
    "EA Paris Accueil Services; 75012 Paris; 54; Accueil et standard, Nettoyage de locaux",
    "EATT Intérim Inclusif Île-de-France; 75010 Paris; 120; Logistique, Accueil et standard",
    "EI La Recyclerie de Montreuil; 93100 Montreuil; 32; Recyclage, Déménagement",
    "ETTI Chantiers Solidaires du Grand Paris; 93200 Saint-Denis; 150; Travaux de second œuvre",
    "ACI Les Jardins de la Bièvre; 94110 Arcueil; 26; Maraîchage, Espaces verts",
    "AI Coup de Main Val-de-Marne; 94000 Créteil; 80; Nettoyage de locaux, Déménagement",
    "ESAT Le Fournil de Nanterre; 92000 Nanterre; 64; Traiteur, Restauration collective",
    "EA Bureau Vert; 92230 Gennevilliers; 38; Fournitures de bureau, Logistique",
    "ESAT Menuiserie de la Marne; 77100 Meaux; 58; Menuiserie, Conditionnement",
    "EA Archives et Numérisation Essonne; 91000 Évry-Courcouronnes; 47; Numérisation",
    "EI Garage Solidaire du Val-d'Oise; 95000 Cergy; 18; Entretien de véhicules",
    "EA Blanchisserie Armor; 22000 Saint-Brieuc; 66; Blanchisserie, Couture et retouches",
    "ESAT Les Genêts d'Ille; 35000 Rennes; 120; Espaces verts, Conditionnement",
    "EI Breizh Services Propreté; 35200 Rennes; 44; Nettoyage de locaux",
    "ETTI Emploi Solidaire Bretagne; 29200 Brest; 90; Logistique, Travaux de second œuvre",
    "ACI Les Jardins du Blavet; 56100 Lorient; 22; Maraîchage",
    "EA Imprimerie de l'Odet; 29000 Quimper; 35; Impression et reprographie",
    "AI Relais Emploi Vannes; 56000 Vannes; 70; Nettoyage de locaux, Espaces verts",
    "ESAT Les Cuisines de la Vilaine; 35600 Redon; 55; Restauration collective, Traiteur",
    "ESAT Les Ateliers de la Croix-Rousse; 69004 Lyon; 88; Conditionnement, Couture et retouches",
    "EA Rhône Logistique Adaptée; 69200 Vénissieux; 73; Logistique, Conditionnement",
    "EI Isère Réemploi; 38000 Grenoble; 29; Recyclage",
    "ESAT Les Ateliers du Beffroi; 59000 Lille; 102; Impression et reprographie, Numérisation",
    "ETTI Nord Insertion Intérim; 59100 Roubaix; 140; Logistique, Déménagement",
    "EA Garonne Propreté Adaptée; 31200 Toulouse; 61; Nettoyage de locaux, Espaces verts",
    "ACI Le Potager de la Mosson; 34080 Montpellier; 20; Maraîchage",
    "ESAT Les Ateliers de l'Estuaire; 33300 Bordeaux; 77; Mise sous pli et routage",
    "EATT Atlantique Intérim Handicap; 33700 Mérignac; 95; Accueil et standard, Logistique",
    "EA Loire Menuiserie Adaptée; 44300 Nantes; 39; Menuiserie, Travaux de second œuvre",
    "ESAT Les Ateliers du Rhin; 67100 Strasbourg; 93; Blanchisserie, Entretien de véhicules",
    "AI Alsace Emploi Solidaire; 68100 Mulhouse; 65; Nettoyage de locaux, Déménagement",
)
NETWORKS = {"esat": ("gesat",), "ea": ("gesat", "unea"), "eatt": ("gesat", "unea")}
NETWORKS |= {"ei": ("fei",), "etti": ("fei",)}
REGIONAL_NETWORKS = {  # (kind, department) -> regional network
    **{(kind, dept): "fei_bzh" for kind in ("ei", "etti") for dept in ("22", "29", "35", "56")},
    **{(kind, dept): "urtie" for kind in ("ei", "etti") for dept in ("75", "92", "93", "94", "95")},
    **{(kind, dept): "grafie" for kind in ("aci", "ai") for dept in ("75", "92", "93", "94")},
}

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
MACS_NOTE = "Partenaire de la mission MACS Île-de-France."
RELATIONSHIPS = (  # source, kind, target, notes
    ("unea", "partner_of", "gip", MACS_NOTE),
    ("gesat", "partner_of", "gip", MACS_NOTE),
    ("urtie", "accompanies", "gip", MACS_NOTE),
    ("grafie", "accompanies", "gip", MACS_NOTE),
    ("gip", "federates", "paris", "Le GIP fédère plus de 150 acheteurs publics franciliens."),
    ("fiphfp", "funds", "amp", "Convention entre la Métropole et le FIPHFP."),
    ("gesat", "accompanies", "amp", "Partenariat annuel depuis 2021."),
    ("fei_bzh", "member_of", "fei", ""),
    ("unea", "partner_of", "fei_bzh", "Convention régionale en Bretagne jusqu'à fin 2019."),
    ("unea", "accompanies", "cr_bzh", ""),
    ("fondation", "funds", "handeco", "Parraine les trophées des Handiformelles."),
    ("handeco", "accompanies", "laposte", ""),
    ("ESAT Les Ateliers de Belleville", "member_of", "apf", ""),
    ("ESAT Les Genêts d'Ille", "member_of", "apajh", ""),
)

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
MACS_PREAMBLE = (
    "Les chantiers du Grand Paris et la préparation des Jeux olympiques et paralympiques de "
    "2024 ouvrent aux structures de l'insertion par l'activité économique (IAE) et du secteur "
    "du travail protégé et adapté (STPA) un volume d'achats publics sans précédent. La Mission "
    "d'appui au développement des clauses sociales (MACS), pilotée par le GIP Maximilien, "
    "réunit l'URTIE, le GRAFIE, l'UNEA et le Réseau Gesat pour que les acheteurs franciliens "
    "s'en saisissent."
)
MACS_ACTIONS = (  # title, led by the partner network (else by the pilot)
    ("Identifier les bonnes pratiques dans chaque secteur", True),
    ("Valoriser l'offre des structures de l'IAE et du STPA", True),
    ("Contribuer à l'organisation des rencontres Openmap ESS", False),
    ("Sensibiliser les acheteurs aux marchés comportant des clauses sociales", False),
)
MACS_NETWORKS = (("urtie", "tessier"), ("grafie", "lemaire"), ("unea", "garnier"))
MACS_NETWORKS += (("gesat", "charpentier"),)
BZH_AXES = (  # number, title, description, actions
    (1, "Aider les acheteurs publics à identifier des prestataires et à anticiper les marchés",
     "Sourcing et anticipation des marchés accessibles aux EI, ETTI et EA.",
     ("Rencontrer les acheteurs du Conseil régional",
      "Identifier les marchés accessibles aux EI, ETTI et EA",
      "Organiser des journées portes ouvertes et des forums")),
    (2, "Professionnaliser les EI, ETTI et EA dans la réponse aux marchés publics",
     "Former et outiller les structures pour répondre aux appels d'offres.",
     ("Former à la commande publique comme opportunité", "Former aux clauses sociales",
      "Mettre en place une veille économique", "Accompagner la préparation d'une offre",
      "Aider à la recherche de cotraitants")),
)  # fmt: skip
BZH_INDICATORS = (  # name, unit, target, 2018 and 2019 values
    ("Nombre de marchés publics identifiés comme accessibles", "marchés", 25, (12, 27)),
    ("Nombre de structures formées à répondre aux appels d'offres", "structures", 60, (22, 58)),
    ("Nombre de participants aux portes ouvertes et forums", "participants", 300, (140, 320)),
)
AMP_ACTIONS = (
    "Diagnostic des achats et du potentiel de marchés responsables",
    "Plan d'accompagnement opérationnel",
    "Suivi continu des processus d'achat pour identifier des prestataires",
    "Formations des acheteurs, prescripteurs et élus",
    "Appui juridique à la rédaction des clauses",
)
AMP_INDICATORS = (  # name, unit, target, baseline, values at the end of 2021…2025
    ("Montant des achats auprès du secteur (€)", "€", 1_900_000, 850_000,
     (1_020_000, 1_240_000, 1_410_000, 1_580_000, 1_720_000)),
    ("Nombre de marchés réservés", "marchés", 12, 2, (3, 5, 7, 8, 10)),
    ("Taux de réponse des prestataires aux appels d'offres (%)", "%", 60, 25,
     (31, 38, 44, 49, 53)),
)  # fmt: skip
HANDECO_ACTIONS = (
    "Constituer le jury des trophées",
    "Remettre les trophées lors des Handiformelles",
    "Publier le bilan de l'édition et les lauréats",
    "Préparer l'appel à candidatures de l'édition suivante",
)


def fictional_siret(index: int) -> str:
    """A reproducible SIRET, valid for `stdnum.fr.siret`, for the index-th fictional provider."""
    siren = f"99{index:06d}"
    siren += luhn.calc_check_digit(siren)
    siret = f"{siren}0001"
    return siret + luhn.calc_check_digit(siret)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")


def _email(first: str, last: str) -> str:
    return f"{_slug(first)}.{_slug(last)}@example.org"


@dataclass
class _Demo:
    today: date
    admin: Any = None
    users: dict[str, Any] = field(default_factory=dict)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    created: Counter = field(default_factory=Counter)

    def ensure(self, model: type[models.Model], lookup: dict, **defaults: Any) -> tuple:
        """Return the row matching `lookup`, or create it, validated; never update it."""
        obj = model.objects.filter(**lookup).first()
        if obj is not None:
            return obj, False
        obj = model(**lookup, **defaults)
        obj._history_user = self.admin
        obj._change_reason = REASON
        obj.full_clean()
        obj.save()
        self.created[str(model._meta.verbose_name_plural)] += 1
        return obj, True

    def get(self, model: type[models.Model], lookup: dict, **defaults: Any) -> Any:
        return self.ensure(model, lookup, **defaults)[0]

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)


def _load_users(demo: _Demo) -> None:
    User = get_user_model()
    for username, first, last, role in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=first, last_name=last, is_staff=True)
            user.email, user.is_superuser = _email(first, last), username == "admin"
            user.set_password(PASSWORD)
            user._history_user, user._change_reason = demo.admin, REASON
            user.full_clean()
            user.save()
            user.groups.add(Group.objects.get(name=role))
            demo.created[str(User._meta.verbose_name_plural)] += 1
        demo.users[username] = user
        demo.admin = demo.admin or user


def _load_organisations(demo: _Demo) -> None:
    trades = {name: demo.get(Trade, {"name": name}) for name in TRADES}
    departments = {d.code: d for d in Department.objects.all()}
    owner = demo.users["relations"]
    for key, name, acronym, kind, city, dept in INSTITUTIONS:
        demo.orgs[key] = demo.get(
            Organisation,
            {"name": name},
            acronym=acronym,
            kind=kind,
            city=city,
            owner=owner,
            department=departments[dept],
            description=DESCRIPTIONS.get(key, ""),
            siret=SIRETS.get(key, ""),
        )
    for index, row in enumerate(PROVIDERS, 1):
        name, place, workforce, offered = (part.strip() for part in row.split(";"))
        postal_code, city = place.split(" ", 1)
        org, created = demo.ensure(
            Organisation,
            {"name": name},
            kind=name.split()[0].lower(),
            city=city,
            postal_code=postal_code,
            department=departments[postal_code[:2]],
            owner=owner,
            workforce=int(workforce),
            siret=fictional_siret(index),
            description=FICTIONAL,
            email=f"contact@{_slug(name)}.example.org",
        )
        if created:
            org.trades.set([trades[trade.strip()] for trade in offered.split(",")])
        demo.orgs[name] = org


def _load_people_and_links(demo: _Demo) -> None:
    consented_at = timezone.make_aware(dt.datetime(2024, 3, 12, 10))
    for key, (civility, first, last, consent) in CONTACTS.items():
        demo.contacts[key] = demo.get(
            Contact,
            {"email": _email(first, last)},
            civility=civility,
            first_name=first,
            last_name=last,
            email_consent=consent,
            owner=demo.users["relations"],
            email_consent_at=consented_at if consent else None,
        )
    for contact, org, title, primary in AFFILIATIONS:
        lookup = {"contact": demo.contacts[contact], "organisation": demo.orgs[org]}
        demo.get(
            Affiliation,
            {**lookup, "role_title": title},
            is_primary=primary,
            email=demo.contacts[contact].email,
        )
    links = list(RELATIONSHIPS)
    for org in Organisation.objects.filter(name__in=demo.orgs).providers():
        networks = [
            *NETWORKS.get(org.kind, ()),
            REGIONAL_NETWORKS.get((org.kind, org.department.code)),
        ]
        links += [(org.name, "member_of", network, "") for network in networks if network]
    for source, kind, target, notes in links:
        lookup = {"source": demo.orgs[source], "kind": kind, "target": demo.orgs[target]}
        demo.get(Relationship, lookup, notes=notes)


def _convention(demo: _Demo, title: str, programme: Programme | None, **fields: Any):
    return demo.get(
        Convention,
        {"programme": programme, "title": title},
        owner=demo.users["relations"],
        coordinator=demo.users["coordination"],
        **fields,
    )


def _party(demo, convention, org, order, contact=None, role="signatory", signed_on=None, **kw):
    """A party; its signatory's title is the contact's role in that organisation."""
    if contact:
        kw["signatory"] = demo.contacts[contact]
        kw["signatory_title"] = Affiliation.objects.get(
            contact=kw["signatory"], organisation=demo.orgs[org]
        ).role_title
    lookup = {"convention": convention, "organisation": demo.orgs[org]}
    place = demo.orgs[org].city if signed_on else ""
    return demo.get(
        Party, lookup, order=order, role=role, signed_on=signed_on, signed_at=place, **kw
    )


def _clauses(demo: _Demo, convention: Convention, **values: str) -> None:
    for number, (title, body) in enumerate(CLAUSES, 1):
        lookup = {"convention": convention, "number": number}
        demo.get(Clause, lookup, title=title, body=body.format(**values))


def _action(demo, convention, order, title, lead, owner, starts, due, status, progress=0, **kw):
    """Annex line `order`; done on its due date unless told, owned by a user or a contact."""
    kw["owner_contact" if isinstance(owner, Contact) else "owner_user"] = owner
    if status == A.DONE:
        progress, kw["completed_on"] = 100, kw.get("completed_on") or due
    number = kw.pop("number", str(order))
    return demo.get(
        Action,
        {"convention": convention, "number": number},
        order=order,
        title=title,
        lead_party=lead,
        starts_on=starts,
        due_on=due,
        status=status,
        progress=progress,
        **kw,
    )


def _indicator(demo, convention, order, name, unit, target, measures, **kw) -> Indicator:
    """An indicator and its measurements, each found again by its comment."""
    lookup = {"convention": convention, "name": name}
    indicator = demo.get(Indicator, lookup, unit=unit, order=order, target=Decimal(target), **kw)
    for measured_on, value, comment in measures:
        if measured_on <= demo.today:
            demo.get(
                Measurement,
                {"indicator": indicator, "comment": comment},
                measured_on=measured_on,
                value=Decimal(value),
                recorded_by=demo.users["coordination"],
            )
    return indicator


def _load_macs(demo: _Demo) -> Convention:
    programme = demo.get(
        Programme,
        {"name": "Mission d'appui au développement des clauses sociales"},
        acronym="MACS Île-de-France",
        pilot=demo.orgs["gip"],
        description=MACS_PREAMBLE,
    )
    signed = date(2017, 9, 5)
    dues = (date(2018, 6, 29), date(2018, 12, 14), date(2019, 6, 28), date(2019, 12, 13))
    for network, contact in MACS_NETWORKS:
        short = demo.orgs[network].acronym or demo.orgs[network].name
        convention = _convention(
            demo,
            f"MACS Île-de-France — GIP Maximilien × {short}",
            programme,
            status=Convention.Status.EXPIRED,
            signed_on=signed,
            starts_on=signed,
            ends_on=date(2019, 12, 31),
            preamble=MACS_PREAMBLE,
            purpose="Développer les clauses sociales et les marchés réservés en Île-de-France.",
        )
        pilot = _party(demo, convention, "gip", 1, "marchal", "pilot", signed)
        partner = _party(demo, convention, network, 2, contact, signed_on=signed)
        _clauses(
            demo,
            convention,
            objet=f"d'organiser la contribution de {short} à la MACS",
            engagements=f"Le GIP Maximilien anime la mission ; {short} mobilise son réseau.",
            duree="La convention prend effet à sa signature et court jusqu'au 31/12/2019.",
        )
        for order, ((title, by_partner), due) in enumerate(zip(MACS_ACTIONS, dues, strict=True), 1):
            lead, owner = (partner, contact) if by_partner else (pilot, "besnard")
            _action(demo, convention, order, title, lead, demo.contacts[owner], signed, due, A.DONE)
    return _load_macs_renewal(demo, programme, predecessor=convention)


def _load_macs_renewal(demo: _Demo, programme: Programme, predecessor: Convention) -> Convention:
    t, u = demo.day, demo.users
    live = _convention(
        demo,
        "MACS Île-de-France — renouvellement 2026",
        programme,
        predecessor=predecessor,
        status=Convention.Status.NEGOTIATION,
        starts_on=t(-90),
        ends_on=date(t(-90).year + 3, 12, 31),
        preamble=MACS_PREAMBLE,
        purpose="Renouveler la contribution du Réseau Gesat à la mission MACS.",
    )
    pilot = _party(demo, live, "gip", 1, "marchal", "pilot", signed_on=t(-12))
    partner = _party(demo, live, "gesat", 2, "charpentier")  # not signed yet
    _clauses(
        demo,
        live,
        objet="de renouveler la contribution du Réseau Gesat à la MACS",
        engagements="Le GIP Maximilien anime la mission ; le Réseau Gesat valorise les ESAT et EA.",
        duree="La convention court jusqu'au 31 décembre de sa troisième année.",
    )
    plan = (  # lead, owner, starts, due, status, progress
        (partner, u["coordination"], t(-120), t(-30), A.DONE, 100),
        (partner, u["relations"], t(-90), t(-10), A.IN_PROGRESS, 60),
        (pilot, u["coordination"], t(-60), t(6), A.IN_PROGRESS, 40),
        (pilot, u["collaboration"], t(3), t(45), A.PLANNED, 0),
    )
    actions = [
        _action(demo, live, order, title, *row, completed_on=t(-34) if order == 1 else None)
        for order, ((title, _lead), row) in enumerate(zip(MACS_ACTIONS, plan, strict=True), 1)
    ]
    _action(
        demo,
        live,
        5,
        "Préparer le comité de pilotage de lancement",
        partner,
        demo.contacts["charpentier"],
        t(-20),
        t(-2),
        A.BLOCKED,
        20,
    )
    _indicator(
        demo,
        live,
        1,
        "Nombre d'acheteurs publics sensibilisés",
        "acheteurs",
        150,
        [(t(-60), 38, "Point d'étape"), (t(-14), 64, "Point mensuel")],
        frequency=F.MONTHLY,
        action=actions[3],
    )
    _indicator(
        demo,
        live,
        2,
        "Nombre de marchés publics avec clause sociale",
        "marchés",
        40,
        [(t(-14), 11, "Point mensuel")],
        frequency=F.QUARTERLY,
    )
    _indicator(
        demo,
        live,
        3,
        "Nombre de structures IAE et STPA valorisées",
        "structures",
        300,
        [(t(-14), 184, "Point mensuel")],
        frequency=F.QUARTERLY,
        action=actions[1],
    )
    return live


def _load_bretagne(demo: _Demo) -> None:
    signed = date(2018, 4, 10)
    convention = _convention(
        demo,
        "UNEA × FEI Bretagne — accès des EI, ETTI et EA à la commande publique",
        None,
        status=Convention.Status.EXPIRED,
        signed_on=signed,
        starts_on=signed,
        ends_on=date(2019, 12, 31),
        purpose="Rapprocher les acheteurs publics bretons des EI, ETTI et EA.",
    )
    unea = _party(demo, convention, "unea", 1, "legoff", signed_on=signed)
    fei = _party(demo, convention, "fei_bzh", 2, "kerbrat", signed_on=signed)
    _party(
        demo,
        convention,
        "cr_bzh",
        3,
        role=Party.Role.PARTNER,
        signs=False,
        commitments="Ouvre ses services achats aux rencontres et partage sa programmation.",
    )
    _clauses(
        demo,
        convention,
        objet="de faciliter l'accès des EI, ETTI et EA aux marchés publics",
        engagements="L'UNEA et la FEI Bretagne mobilisent leurs adhérents.",
        duree="La convention court jusqu'au 31/12/2019.",
    )
    order = 0
    for number, title, description, titles in BZH_AXES:
        lookup = {"convention": convention, "number": number}
        axis = demo.get(Axis, lookup, title=title, description=description)
        for sub, action_title in enumerate(titles, 1):
            order += 1
            due = date(2018 + (order > 4), 6 if order % 2 else 11, 28)
            status = A.CANCELLED if (number, sub) == (2, 5) else A.DONE
            lead, owner = ((unea, "legoff"), (fei, "kerbrat"))[order % 2]
            _action(
                demo,
                convention,
                order,
                action_title,
                lead,
                demo.contacts[owner],
                signed,
                due,
                status,
                30,
                axis=axis,
                number=f"{number}.{sub}",
            )
    for order, (name, unit, target, values) in enumerate(BZH_INDICATORS, 1):
        measures = [
            (date(y, 12, 31), v, f"Bilan {y}") for y, v in zip((2018, 2019), values, strict=True)
        ]
        _indicator(demo, convention, order, name, unit, target, measures)


def _load_metropole(demo: _Demo) -> Convention:
    t, u = demo.day, demo.users
    ends = t(70)  # notice deadline (60 days) in 10 days: listed "à renouveler"
    anniversary = ends + timedelta(days=1)
    leap_day = (anniversary.month, anniversary.day) == (2, 29)  # 2021 has no 29 February
    starts = date(2021, anniversary.month, 28 if leap_day else anniversary.day)
    signed = max(date(2021, 1, 4), starts - timedelta(days=14))
    convention = _convention(
        demo,
        "Partenariat annuel Métropole Aix-Marseille-Provence × Réseau Gesat",
        None,
        status=Convention.Status.ACTIVE,
        signed_on=signed,
        starts_on=starts,
        ends_on=ends,
        tacit_renewal=True,
        renewal_months=12,
        notice_days=60,
        purpose="Développer les achats de la Métropole auprès des ESAT et EA.",
    )
    amp = _party(demo, convention, "amp", 1, "orsini", signed_on=signed)
    gesat = _party(demo, convention, "gesat", 2, "charpentier", signed_on=signed)
    _clauses(
        demo,
        convention,
        objet="d'accompagner la Métropole dans ses achats responsables",
        engagements="Le Réseau Gesat apporte son expertise ; la Métropole ouvre ses achats.",
        duree="Conclue pour un an, elle est reconduite tacitement par périodes de douze mois, "
        "sauf dénonciation soixante jours avant l'échéance.",
    )
    s, ferracci = (lambda days: starts + timedelta(days=days)), demo.contacts["ferracci"]
    plan = (  # lead, owner, starts, due, status, progress
        (gesat, ferracci, s(0), s(90), A.DONE, 100),
        (gesat, ferracci, s(60), s(180), A.DONE, 100),
        (gesat, u["relations"], s(90), ends, A.IN_PROGRESS, 70),
        (amp, u["coordination"], t(-150), t(20), A.IN_PROGRESS, 55),
        (gesat, u["coordination"], t(-100), t(-5), A.IN_PROGRESS, 80),
    )
    for order, (title, row) in enumerate(zip(AMP_ACTIONS, plan, strict=True), 1):
        _action(demo, convention, order, title, *row)
    for order, (name, unit, target, baseline, values) in enumerate(AMP_INDICATORS, 1):
        measures = [(date(2021 + i, 12, 31), v, f"Bilan {2021 + i}") for i, v in enumerate(values)]
        _indicator(demo, convention, order, name, unit, target, measures, baseline=baseline)
    return convention


def _load_handeco(demo: _Demo) -> None:
    t, year = demo.day, demo.today.year
    convention = _convention(
        demo,
        "Fondation Solidaire Horizon × Handeco — trophées des Handiformelles",
        None,
        status=Convention.Status.ACTIVE,
        signed_on=date(year - 2, 12, 12),
        starts_on=date(year - 1, 1, 1),
        ends_on=date(year + 1, 12, 31),
        amount=Decimal(25000),
        purpose="Parrainage des trophées des Handiformelles par la Fondation Solidaire Horizon.",
    )
    signed = convention.signed_on
    handeco = _party(demo, convention, "handeco", 1, "vasseur", signed_on=signed)
    fondation = _party(demo, convention, "fondation", 2, "dumoulin", "funder", signed)
    _clauses(
        demo,
        convention,
        objet="le parrainage des trophées des Handiformelles",
        engagements="La Fondation finance les trophées ; Handeco organise l'événement.",
        duree="La convention court sur trois éditions des Handiformelles.",
    )
    vasseur = demo.contacts["vasseur"]
    plan = (  # lead, owner, starts, due, status, progress
        (handeco, vasseur, t(-120), t(-75), A.DONE, 100),
        (fondation, demo.contacts["dumoulin"], t(-75), t(-45), A.DONE, 100),
        (handeco, demo.users["collaboration"], t(-40), t(15), A.IN_PROGRESS, 50),
        (handeco, vasseur, t(30), t(120), A.PLANNED, 0),
    )
    for order, (title, row) in enumerate(zip(HANDECO_ACTIONS, plan, strict=True), 1):
        _action(demo, convention, order, title, *row)
    _indicator(
        demo,
        convention,
        1,
        "Nombre de candidatures aux trophées",
        "candidatures",
        80,
        [(t(-45), 64, "Édition de l'année")],
    )


def _load_journal(demo: _Demo) -> None:
    t = demo.day
    entries = (  # kind, date, subject, location, organisations, contacts, notes
        ("event", date(2018, 11, 20), "Rencontres Openmap ESS", "Paris",
         ("gip", "urtie", "grafie", "unea", "gesat"), ("besnard", "lemaire"),
         "Rencontres entre acheteurs et structures de l'ESS, co-organisées par la MACS."),
        ("meeting", date(2018, 5, 17), "Rencontre des acheteurs du Conseil régional de Bretagne",
         "Rennes", ("unea", "fei_bzh", "cr_bzh"), ("legoff", "kerbrat", "prigent"),
         "Présentation des marchés à venir et des structures du territoire."),
        ("event", t(-45), "Handiformelles : rencontres acheteurs et secteur protégé et adapté",
         "Paris", ("handeco", "laposte", "paris", "ESAT Les Ateliers de Belleville"),
         ("vasseur", "renard", "fontaine"), "Plus de 60 structures présentes."),
        ("event", t(-45), "Remise des trophées Handiformelles (Fondation Solidaire Horizon)",
         "Paris", ("handeco", "fondation"), ("vasseur", "dumoulin"),
         "Cinq trophées remis, dont un à une blanchisserie adaptée."),
        ("meeting", t(-14), "Préparation du renouvellement de la MACS Île-de-France", "Paris",
         ("gip", "gesat"), ("marchal", "charpentier"), "Calendrier de signature convenu."),
        ("call", t(-6), "Sourcing blanchisserie pour les équipements de la Métropole", "",
         ("amp", "gesat", "EA Blanchisserie de la Calanque"), ("aubert", "ferracci"),
         "Trois prestataires des Bouches-du-Rhône identifiés."),
        ("call", t(-2), "Besoins de La Poste en mise sous pli et routage", "",
         ("laposte", "ESAT Les Ateliers du Vieux-Port"), ("renard", "haddad"),
         "Envoyer les références de l'ESAT avant la fin du mois."),
    )  # fmt: skip
    for kind, occurred_on, subject, location, orgs, contacts, notes in entries:
        entry, created = demo.ensure(
            Interaction,
            {"subject": subject},
            kind=kind,
            occurred_on=occurred_on,
            location=location,
            notes=notes,
            author=demo.users["relations"],
        )
        if created:
            entry.organisations.set([demo.orgs[key] for key in orgs])
            entry.contacts.set([demo.contacts[key] for key in contacts])


def _load_tasks(demo: _Demo, macs: Convention, metropole: Convention) -> None:
    t, orgs = demo.day, demo.orgs
    done_at = timezone.make_aware(dt.datetime.combine(t(-41), dt.time(17)))
    rows = (  # title, assignee, due, links and options
        ("Relancer le Réseau Gesat pour la signature du renouvellement MACS", "relations", t(-1),
         {"convention": macs, "organisation": orgs["gesat"]}),
        ("Saisir les montants d'achats du trimestre", "coordination", t(-4),
         {"convention": metropole, "action": metropole.actions.get(number="3")}),
        ("Préparer l'ordre du jour du comité de pilotage MACS", "coordination", t(0),
         {"convention": macs, "due_time": dt.time(14)}),
        ("Appeler la Métropole au sujet de la reconduction", "relations", t(1),
         {"convention": metropole, "organisation": orgs["amp"]}),
        ("Vérifier les droits des nouveaux comptes", "admin", t(3), {}),
        ("Mettre à jour la fiche de l'ESAT Les Ateliers du Vieux-Port", "collaboration", t(7),
         {"organisation": orgs["ESAT Les Ateliers du Vieux-Port"]}),
        ("Collecter les besoins de formation des acheteurs", "collaboration", t(10),
         {"convention": metropole, "action": metropole.actions.get(number="4")}),
        ("Point hebdomadaire sur les actions en retard", "coordination",
         t(7 - demo.today.weekday()), {"recurrence": "weekly", "due_time": dt.time(9, 30)}),
        ("Envoyer le compte rendu des Handiformelles", "collaboration", t(-41),
         {"organisation": orgs["handeco"], "status": "done", "completed_at": done_at}),
    )  # fmt: skip
    for title, assignee, due, extra in rows:
        lookup = {"title": title, "assignee": demo.users[assignee]}
        demo.get(Task, lookup, due_on=due, created_by=demo.users["relations"], **extra)


def load_demo(*, today: date | None = None, stdout=None) -> dict:
    """Load the demo data (idempotent); return the logins and the row counts."""
    demo = _Demo(today=today or timezone.localdate())
    _load_users(demo)
    _load_organisations(demo)
    _load_people_and_links(demo)
    macs = _load_macs(demo)
    _load_bretagne(demo)
    metropole = _load_metropole(demo)
    _load_handeco(demo)
    _load_journal(demo)
    _load_tasks(demo, macs, metropole)
    counted = (
        get_user_model(),
        Organisation,
        Contact,
        Affiliation,
        Relationship,
        Interaction,
        Programme,
        Convention,
        Party,
        Axis,
        Clause,
        Action,
        Indicator,
        Measurement,
        Task,
    )
    counts = {str(model._meta.verbose_name_plural): model.objects.count() for model in counted}
    if stdout is not None:
        total = sum(demo.created.values())
        stdout.write(f"{total} ligne(s) créée(s)." if total else "Déjà chargées : rien à créer.")
        for label, number in demo.created.items():
            stdout.write(f"  {label} : {number}")
    users = [
        {"username": username, "password": PASSWORD, "role": role, "name": f"{first} {last}"}
        for username, first, last, role in USERS
    ]
    return {
        "users": users,
        "created": dict(demo.created),
        "counts": counts,
        "url": settings.SITE_URL.rstrip("/") + "/",
    }
