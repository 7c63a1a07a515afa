"""A single-file Django REST Framework project that serves users by id.

Requires: django 5, djangorestframework 3.15, httpx (Python 3.10+).
In a real project these pieces live in settings.py, serializers.py,
views.py and urls.py; here they share one module so that it runs alone:

    python drf_users.py migrate
    python drf_users.py createsuperuser
    python drf_users.py drf_create_token <username>
    python drf_users.py runserver
"""

import sys
from pathlib import Path

import django
import httpx
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.urls import path

BASE_DIR = Path(__file__).resolve().parent

# Development settings; never ship DEBUG=True or this secret key.
settings.configure(
    DEBUG=True,
    SECRET_KEY="dev-only-insecure-key",
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "rest_framework",
        "rest_framework.authtoken",
    ],
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
        }
    },
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
)
django.setup()

# DRF reads its settings while being imported, so it comes after configure().
from rest_framework import generics, serializers, status  # noqa: E402
from rest_framework.authentication import TokenAuthentication  # noqa: E402
from rest_framework.exceptions import APIException  # noqa: E402
from rest_framework.permissions import IsAdminUser  # noqa: E402
from rest_framework.request import Request  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

# Django's built-in user model: fields, admin and auth come with it.
User = get_user_model()

# Other internal services that the overview endpoint talks to.
ORDERS_SERVICE = "http://orders.internal:8000"
BILLING_SERVICE = "http://billing.internal:8000"

# One pooled HTTP client per worker process.
http = httpx.Client(timeout=5.0)


# region get_user
class UserSerializer(serializers.ModelSerializer):
    """The public shape of a user: no flags, no internals."""

    class Meta:
        model = User
        fields = ["id", "email"]


class UserDetailView(generics.RetrieveAPIView):
    # The generic view does the lookup, the 404 and the serialisation.
    # Its ORM query is synchronous: this worker waits until it returns.
    queryset = User.objects.all()
    serializer_class = UserSerializer
    lookup_url_kwarg = "user_id"  # matches <int:user_id> in urlpatterns
# endregion


# region permission
class DeactivateUserView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAdminUser]  # authenticated and is_staff

    def post(self, request: Request, user_id: int) -> Response:
        user = get_object_or_404(User, pk=user_id)
        user.is_active = False
        user.save(update_fields=["is_active"])
        return Response(UserSerializer(user).data)
# endregion


# region async_call
class UpstreamError(APIException):
    status_code = status.HTTP_502_BAD_GATEWAY
    default_detail = "Upstream service failed"
    default_code = "bad_gateway"


class OverviewSerializer(serializers.Serializer):
    user = UserSerializer()
    open_orders = serializers.IntegerField()
    balance_cents = serializers.IntegerField()


class UserOverviewView(APIView):
    def get(self, request: Request, user_id: int) -> Response:
        user = get_object_or_404(User, pk=user_id)
        try:
            # One call after the other; the worker waits for both in turn.
            orders = http.get(
                f"{ORDERS_SERVICE}/users/{user_id}/orders",
                params={"status": "open"},
            )
            orders.raise_for_status()
            balance = http.get(f"{BILLING_SERVICE}/users/{user_id}/balance")
            balance.raise_for_status()
        except httpx.HTTPError as exc:
            raise UpstreamError from exc
        overview = {
            "user": user,
            "open_orders": len(orders.json()),
            "balance_cents": balance.json()["balance_cents"],
        }
        return Response(OverviewSerializer(overview).data)
# endregion


urlpatterns = [
    path("users/<int:user_id>/", UserDetailView.as_view(), name="user-detail"),
    path(
        "users/<int:user_id>/deactivate/",
        DeactivateUserView.as_view(),
        name="user-deactivate",
    ),
    path(
        "users/<int:user_id>/overview/",
        UserOverviewView.as_view(),
        name="user-overview",
    ),
]


if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
