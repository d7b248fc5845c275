"""Placeholder: filled in by the work in progress on issue 6."""

from fastapi import APIRouter

router = APIRouter()
