"""Organisations: trades, real institutions, fictional providers, their networks and links."""

FICTIONAL = "Structure fictive, créée pour la démonstration de Maillage."

TRADES = (
    "Blanchisserie", "Espaces verts", "Restauration collective", "Traiteur", "Conditionnement",
    "Impression et reprographie", "Nettoyage de locaux", "Gestion électronique de documents",
    "Mise sous pli et routage", "Couture et retouches", "Menuiserie", "Entretien de véhicules",
    "Logistique", "Déménagement", "Recyclage", "Fournitures de bureau", "Numérisation",
    "Accueil et standard", "Travaux de second œuvre", "Maraîchage", "Produits d'entretien",
)  # fmt: skip

# Real organisations (no SIRET but La Poste's): key, name, acronym, kind, city, department
INSTITUTIONS = (
    ("gip", "GIP Maximilien", "", "public_buyer", "Paris", "75"),
    ("urtie", "URTIE", "", "network", "Paris", "75"),
    ("grafie", "GRAFIE", "", "network", "Paris", "75"),
    ("unea", "Union nationale des entreprises adaptées", "UNEA", "network", "Paris", "75"),
    ("gesat", "Réseau Gesat", "", "network", "Paris", "75"),
    ("fei", "Fédération des entreprises d'insertion", "FEI", "federation", "Paris", "75"),
    ("fei_bzh", "Fédération des entreprises d'insertion Bretagne", "FEI Bretagne",
     "federation", "Rennes", "35"),
    ("cr_bzh", "Conseil régional de Bretagne", "", "public_buyer", "Rennes", "35"),
    ("amp", "Métropole Aix-Marseille-Provence", "", "public_buyer", "Marseille", "13"),
    ("fiphfp", "Fonds pour l'insertion des personnes handicapées dans la fonction publique",
     "FIPHFP", "funder", "Paris", "75"),
    ("handeco", "Handeco", "", "network", "Paris", "75"),
    ("fondation", "Fondation Solidaire Horizon", "", "funder", "Lyon", "69"),
    ("apf", "APF France Handicap", "", "federation", "Paris", "75"),
    ("apajh", "Fédération des APAJH", "APAJH", "federation", "Pantin", "93"),
    ("paris", "Ville de Paris", "", "public_buyer", "Paris", "75"),
    ("laposte", "La Poste", "", "private_buyer", "Paris", "75"),
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
    # The City of Paris's 2010 suppliers (demo/data/purchases.py) for laundry, mending,
    # mailing and household consumables.
    "ESAT Blanchisserie de Montsouris; 75014 Paris; 72; Blanchisserie, Couture et retouches",
    "EA Routage Solidaire de Pantin; 93500 Pantin; 45; Mise sous pli et routage, Conditionnement",
    "ESAT Les Ateliers d'Ivry; 94200 Ivry-sur-Seine; 68; Produits d'entretien, Conditionnement",
)
NETWORKS = {"esat": ("gesat",), "ea": ("gesat", "unea"), "eatt": ("gesat", "unea")}
NETWORKS |= {"ei": ("fei",), "etti": ("fei",)}
REGIONAL_NETWORKS = {  # (kind, department) -> regional network
    **{(kind, dept): "fei_bzh" for kind in ("ei", "etti") for dept in ("22", "29", "35", "56")},
    **{(kind, dept): "urtie" for kind in ("ei", "etti") for dept in ("75", "92", "93", "94", "95")},
    **{(kind, dept): "grafie" for kind in ("aci", "ai") for dept in ("75", "92", "93", "94")},
}

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
