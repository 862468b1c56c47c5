"""Fill the CSRF slot of cached pages with the reader's own token."""

from __future__ import annotations

from django.middleware.csrf import get_token

# What {% csrf_slot %} writes where the token goes. Only the first one is filled: the
# language switch comes before any article text in the page.
CSRF_SLOT = "csrf-slot-3c1f2b0e"


class CsrfSlotMiddleware:
    """Pages are cached for every reader (depeches.web.page_cache), but a form's CSRF token
    belongs to one reader: templates write a slot ({% csrf_slot %}) and this fills it on the
    way out. Asking for the token also makes CsrfViewMiddleware set its cookie."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.slot = CSRF_SLOT.encode()

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and self.slot in response.content
        ):
            token = get_token(request).encode()
            response.content = response.content.replace(self.slot, token, 1)
        return response
