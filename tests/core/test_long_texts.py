"""Long texts are bounded to what a convention holds, in forms, in the model and the database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from conventions.models import Clause, Convention
from core.models import LONG_TEXT_MAX, LongTextField
from partners.models import Contact
from tests.factories import ContactFactory, ConventionFactory

pytestmark = pytest.mark.django_db

FRENCH_MESSAGE = (
    "Ce texte compte 20001 caractères ; 20000 au plus. "
    "Découpez-le (plusieurs articles) ou joignez-le en document."
)


def test_every_free_text_a_user_writes_is_bounded():
    from django.apps import apps

    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"partners", "purchases", "conventions", "actions", "tasks"}
        and not model.__name__.startswith("Historical")
        for field in model._meta.concrete_fields
        if field.get_internal_type() == "TextField"
        and field.editable
        and not isinstance(field, LongTextField)
    ]
    # Written by Maillage itself, never typed: an SMTP error, a notification's text.
    assert sorted(unbounded) == ["tasks.Notification.body", "tasks.Reminder.last_error"]


def test_a_text_over_the_bound_is_refused_in_french():
    clause = Clause(convention=ConventionFactory(), number=1, title="Objet", body="a" * 20_001)
    with pytest.raises(ValidationError) as error:
        clause.full_clean()
    assert error.value.message_dict["body"] == [FRENCH_MESSAGE]


def test_a_text_at_the_bound_is_kept():
    contact = ContactFactory()
    contact.notes = "é" * LONG_TEXT_MAX
    contact.full_clean()
    contact.save()
    assert len(Contact.objects.get(pk=contact.pk).notes) == LONG_TEXT_MAX


def test_the_database_refuses_what_skips_validation():
    convention = ConventionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Convention.objects.filter(pk=convention.pk).update(preamble="x" * (LONG_TEXT_MAX + 1))


def test_the_article_form_says_so_instead_of_failing(client_relations):
    convention = ConventionFactory()
    response = client_relations.post(
        reverse("conventions:clause_create", args=[convention.pk]),
        {"number": "1", "title": "Objet", "body": "b" * (LONG_TEXT_MAX + 1)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [FRENCH_MESSAGE]
    assert not convention.clauses.exists()


def test_a_convention_at_the_bound_prints_every_word():
    from conventions.pdf import convention_pdf
    from tests.conventions.pdf_helpers import pdf_text

    words = [f"mot{index}" for index in range(LONG_TEXT_MAX // 10)]
    # One block with no paragraph break: the PDF cuts it into paragraphs without losing a word.
    preamble = " ".join(words)[:LONG_TEXT_MAX].rsplit(" ", 1)[0]
    convention = ConventionFactory(preamble=preamble)
    text = " ".join(pdf_text(convention_pdf(convention)).split())
    kept = preamble.split()
    assert kept[0] in text and kept[-1] in text
    assert all(word in text for word in kept[::97])
