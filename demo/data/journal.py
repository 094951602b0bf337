"""The relationship journal and the follow-up tasks, most of them dated from the day of loading."""

import datetime as dt

INTERACTIONS = (  # kind, date, subject, location, organisations, contacts, notes
    ("event", dt.date(2018, 11, 20), "Rencontres Openmap ESS", "Paris",
     ("gip", "urtie", "grafie", "unea", "gesat"), ("besnard", "lemaire"),
     "Rencontres entre acheteurs et structures de l'ESS, co-organisées par la MACS."),
    ("meeting", dt.date(2018, 5, 17), "Rencontre des acheteurs du Conseil régional de Bretagne",
     "Rennes", ("unea", "fei_bzh", "cr_bzh"), ("legoff", "kerbrat", "prigent"),
     "Présentation des marchés à venir et des structures du territoire."),
    ("event", -45, "Handiformelles : rencontres acheteurs et secteur protégé et adapté",
     "Paris", ("handeco", "laposte", "paris", "ESAT Les Ateliers de Belleville"),
     ("vasseur", "renard", "fontaine"), "Plus de 60 structures présentes."),
    ("event", -45, "Remise des trophées Handiformelles (Fondation Solidaire Horizon)",
     "Paris", ("handeco", "fondation"), ("vasseur", "dumoulin"),
     "Cinq trophées remis, dont un à une blanchisserie adaptée."),
    ("meeting", -14, "Préparation du renouvellement de la MACS Île-de-France", "Paris",
     ("gip", "gesat"), ("marchal", "charpentier"), "Calendrier de signature convenu."),
    ("call", -6, "Sourcing blanchisserie pour les équipements de la Métropole", "",
     ("amp", "gesat", "EA Blanchisserie de la Calanque"), ("aubert", "ferracci"),
     "Trois prestataires des Bouches-du-Rhône identifiés."),
    ("call", -2, "Besoins de La Poste en mise sous pli et routage", "",
     ("laposte", "ESAT Les Ateliers du Vieux-Port"), ("renard", "haddad"),
     "Envoyer les références de l'ESAT avant la fin du mois."),
)  # fmt: skip
JOURNAL_AUTHOR = "relations"

NEXT_MONDAY = "next monday"  # the coming Monday, a week ahead when loading on a Monday
# A task's "convention" is "macs" (the renewal) or "metropole"; its "action", that convention's
# action number; a done task's "completed_at", the time it was completed on its due day.
TASKS = (  # title, assignee, due, links and options
    ("Relancer le Réseau Gesat pour la signature du renouvellement MACS", "relations", -1,
     {"convention": "macs", "organisation": "gesat"}),
    ("Saisir les montants d'achats du trimestre", "coordination", -4,
     {"convention": "metropole", "action": "3"}),
    ("Préparer l'ordre du jour du comité de pilotage MACS", "coordination", 0,
     {"convention": "macs", "due_time": dt.time(14)}),
    ("Appeler la Métropole au sujet de la reconduction", "relations", 1,
     {"convention": "metropole", "organisation": "amp"}),
    ("Vérifier les droits des nouveaux comptes", "admin", 3, {}),
    ("Mettre à jour la fiche de l'ESAT Les Ateliers du Vieux-Port", "collaboration", 7,
     {"organisation": "ESAT Les Ateliers du Vieux-Port"}),
    ("Collecter les besoins de formation des acheteurs", "collaboration", 10,
     {"convention": "metropole", "action": "4"}),
    ("Point hebdomadaire sur les actions en retard", "coordination", NEXT_MONDAY,
     {"recurrence": "weekly", "due_time": dt.time(9, 30)}),
    ("Envoyer le compte rendu des Handiformelles", "collaboration", -41,
     {"organisation": "handeco", "status": "done", "completed_at": dt.time(17)}),
)  # fmt: skip
TASK_AUTHOR = "relations"
