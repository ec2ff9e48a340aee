"""A framework's codes (its level, how a node is scored) in the reader's language."""

from django import template

from parindex.io import render
from parindex.web.messages import language

register = template.Library()


@register.filter
def level_words(code: str) -> str:
    return render.level(code, language())


@register.filter
def scoring_words(code: str) -> str:
    return render.scoring(code, language())


@register.filter
def part_words(code: str) -> str:
    return render.part(code, language())
