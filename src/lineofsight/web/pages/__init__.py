"""The pages of the web application, one module per page or family of pages, each an APIRouter that
gives a page (HTML) and its JSON twin under /api/."""
