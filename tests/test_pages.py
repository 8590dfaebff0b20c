import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_served(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Example Borough Council" in response.content


def test_admin_sign_in_page_is_served(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert b"Password" in response.content
