"""The sentence of each finding in English and French: one parameterised template a rule and
a language, so that every finding reads the same way in both and a translator edits one place."""

from __future__ import annotations

__all__ = ["KIND_NAMES", "STATUS_FR", "TEMPLATES", "say"]

# the element kinds as a sentence names them
KIND_NAMES: dict[str, tuple[str, str]] = {
    "question": ("Question", "La Question"),
    "initiative": ("Regional initiative", "L'initiative régionale"),
    "priority": ("Priority", "La priorité"),
    "resolution": ("Resolution", "La Résolution"),
    "element": ("Element", "L'élément"),
}

# the link statuses as a French sentence names them (the dashboard's fr.json says the same)
STATUS_FR: dict[str, str] = {"verified": "vérifié", "unverified": "non vérifié", "suggested": "suggéré"}

TEMPLATES: dict[str, tuple[str, str]] = {
    "M1": (
        "{name} links to SDG target {target} and to WSIS action line(s) {lines}, a pair the 2015 "
        "WSIS-SDG Matrix does not list (the Matrix is not exhaustive: a note, not a misalignment).",
        "{name_fr} est liée à la cible ODD {target} et aux grandes orientations SMSI {lines}, une paire "
        "que la matrice SMSI-ODD de 2015 ne cite pas (la matrice n'est pas exhaustive : une note, non "
        "une incohérence).",
    ),
    "M2": (
        "{name} is filed under priority {priority}, but its text is far from that priority and the "
        "elements filed under it (score {own:.2f}) and close to priority {other} of the same plan "
        "(score {best:.2f}).",
        "{name_fr} est rattachée à la priorité {priority}, mais son texte est loin de cette priorité et "
        "des éléments qui y sont rattachés (score {own:.2f}) et proche de la priorité {other} du même "
        "plan (score {best:.2f}).",
    ),
    "M3": (
        "{name} has links but no {missing} link, and no written reason for it, so it counts towards no {what}.",
        "{name_fr} a des liens mais aucun lien {missing_fr}, sans raison écrite ; elle ne compte pour "
        "aucune {what_fr}.",
    ),
    "M4": (
        "Priority {priority} of {cycle} has {parts} filed under it, although that list is known.",
        "Aucune {parts_fr} n'est rattachée à la priorité {priority} de {cycle}, alors que cette liste est connue.",
    ),
    "M5": (
        "{name} declares a link to SDG target {target}, but their texts share almost nothing (score "
        "{score:.2f}) and none of its other links is to goal {goal}; check the link's justification.",
        "{name_fr} déclare un lien vers la cible ODD {target}, mais leurs textes n'ont presque rien en "
        "commun (score {score:.2f}) et aucun autre de ses liens ne vise l'objectif {goal} ; vérifiez la "
        "justification du lien.",
    ),
    "M6": (
        "SDG target {target} was covered by {what} of {before} ({earlier}) but by none of the {count} "
        "{what} of {after}, both lists being known.",
        "La cible ODD {target} était couverte par des {what_fr} de {before} ({earlier}) mais par aucune "
        "des {count} {what_fr} de {after}, les deux listes étant connues.",
    ),
    "M7": (
        "{name} belongs to {mine} but is filed under priority {priority} of {theirs}.",
        "{name_fr} relève de {mine} mais est rattachée à la priorité {priority} de {theirs}.",
    ),
    "M8": (
        "{name} -> {predicate} {what} is declared by {count} sources that disagree on its status ({said}).",
        "{name_fr} -> {predicate} {what} est déclaré par {count} sources en désaccord sur son statut ({said}).",
    ),
    "M9": (
        '{name} is about {topic} (its title says "{words}"), the topic of ITU-led WSIS action line '
        "{line}, but has no link to {line}.",
        "{name_fr} porte sur {topic_fr} (son titre dit « {words} »), le sujet de la grande orientation "
        "SMSI {line} dont l'UIT est chef de file, mais n'a aucun lien vers {line}.",
    ),
}


def say(rule: str, **values: object) -> tuple[str, str]:
    """The English and French sentences of a finding of ``rule``.

    >>> say("M7", name="Question Q1/1", name_fr="La Question Q1/1", mine="WTDC-22",
    ...     priority="BAAP-O1", theirs="WTDC-17")[1]
    'La Question Q1/1 relève de WTDC-22 mais est rattachée à la priorité BAAP-O1 de WTDC-17.'
    """
    en, fr = TEMPLATES[rule]
    return en.format(**values), fr.format(**values)
