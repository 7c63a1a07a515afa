"""A small FastAPI service that serves users by id.

Requires: fastapi, uvicorn, httpx (Python 3.10+, FastAPI 0.115, Pydantic 2).
Run it with:

    uvicorn fastapi_users:app --reload

and open http://127.0.0.1:8000/docs for the generated OpenAPI UI.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import httpx
from fastapi import Depends, FastAPI, HTTPException, Path, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

# Other internal services that the overview endpoint talks to.
ORDERS_SERVICE = "http://orders.internal:8000"
BILLING_SERVICE = "http://billing.internal:8000"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # One pooled HTTP client for the whole process, closed on shutdown.
    async with httpx.AsyncClient(timeout=5.0) as client:
        app.state.http = client
        yield


app = FastAPI(title="Users API", lifespan=lifespan)


class User(BaseModel):
    id: int
    email: str
    is_staff: bool = False
    is_active: bool = True


# A stand-in for a database table and a token store, so the file runs as-is.
USERS: dict[int, User] = {
    1: User(id=1, email="ada@example.com", is_staff=True),
    2: User(id=2, email="grace@example.com"),
}
TOKENS: dict[str, int] = {"ada-secret-token": 1, "grace-secret-token": 2}


async def load_user(user_id: int) -> User | None:
    # A real service would await an async driver here (asyncpg, or
    # SQLAlchemy's AsyncSession); sleep(0) marks the await point.
    await asyncio.sleep(0)
    return USERS.get(user_id)


# region get_user
class UserOut(BaseModel):
    """The public shape of a user: no flags, no internals."""

    id: int
    email: str


UserId = Annotated[int, Path(gt=0, description="Numeric user id")]


@app.get("/users/{user_id}", response_model=UserOut)
async def get_user(user_id: UserId) -> User:
    user = await load_user(user_id)  # other requests run while this waits
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="User not found")
    return user  # filtered through UserOut: is_staff never leaks
# endregion


# region permission
# auto_error=False: a missing header gets our 401 below, not a generic 403.
bearer = HTTPBearer(auto_error=False)


async def current_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    user_id = TOKENS.get(credentials.credentials) if credentials else None
    user = await load_user(user_id) if user_id is not None else None
    if user is None or not user.is_active:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Invalid or expired token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


async def staff_user(user: Annotated[User, Depends(current_user)]) -> User:
    if not user.is_staff:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="Staff only")
    return user


StaffUser = Annotated[User, Depends(staff_user)]


@app.post("/users/{user_id}/deactivate", response_model=UserOut)
async def deactivate_user(user_id: UserId, _: StaffUser) -> User:
    user = await load_user(user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="User not found")
    user.is_active = False
    return user
# endregion


def http_client(request: Request) -> httpx.AsyncClient:
    client: httpx.AsyncClient = request.app.state.http
    return client


# region async_call
class Overview(BaseModel):
    user: UserOut
    open_orders: int
    balance_cents: int


@app.get("/users/{user_id}/overview", response_model=Overview)
async def user_overview(
    user_id: UserId,
    http: Annotated[httpx.AsyncClient, Depends(http_client)],
) -> Overview:
    user = await load_user(user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="User not found")
    try:
        # Both requests are in flight together: the wait is the slower one.
        orders, balance = await asyncio.gather(
            http.get(
                f"{ORDERS_SERVICE}/users/{user_id}/orders",
                params={"status": "open"},
            ),
            http.get(f"{BILLING_SERVICE}/users/{user_id}/balance"),
        )
        orders.raise_for_status()
        balance.raise_for_status()
    except httpx.HTTPError as exc:
        raise HTTPException(
            status.HTTP_502_BAD_GATEWAY, detail="Upstream service failed"
        ) from exc
    return Overview(
        user=UserOut(id=user.id, email=user.email),
        open_orders=len(orders.json()),
        balance_cents=balance.json()["balance_cents"],
    )
# endregion
