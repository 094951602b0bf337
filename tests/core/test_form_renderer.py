"""The form renderer renders a select once per distinct content, as Django would."""

from django import forms
from django.forms.renderers import TemplatesSetting

from core.forms import FormRenderer


class Territory(forms.Form):
    department = forms.ChoiceField(
        choices=[("1", "Ain"), ("2", "Aisne"), ("13", "Bouches & Rhône")]
    )
    regions = forms.MultipleChoiceField(
        choices=[("Nord", [("32", "Hauts-de-France")]), ("Sud", [("93", "Provence")])]
    )


def _html(renderer: object, data: dict) -> str:
    return str(Territory(data, renderer=renderer))


def test_a_select_renders_as_djangos_own_each_time_with_its_choice():
    memo, plain = FormRenderer(), TemplatesSetting()
    for data in ({}, {"department": "13", "regions": ["93"]}, {"department": "2"}) * 2:
        assert _html(memo, data) == _html(plain, data)
    html = _html(memo, {"department": "13"})
    assert '<option value="13" selected>Bouches &amp; Rhône</option>' in html


def test_new_choices_render_anew():
    memo = FormRenderer()
    form = Territory(renderer=memo)
    first = str(form["department"])
    form.fields["department"].choices = [("1", "Ain"), ("974", "La Réunion")]
    assert "La Réunion" in str(form["department"])
    assert "La Réunion" not in first
