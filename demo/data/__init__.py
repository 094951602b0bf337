"""The demo's content as plain Python data: no ORM here, `demo.loaders` writes it.

Organisations and facts come from public articles; every person, provider and SIRET
(La Poste's excepted) is fictional. Rows name one another by key: an institution by its
short key ("gip"), a provider by its name, a contact by a last-name key ("marchal"), a user
by its username. A date is either fixed (the 2017-2019 conventions) or an `int`, a number of
days from the day the demo is loaded (the live items: the MACS renewal, tasks…).
"""
