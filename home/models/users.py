from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A member of staff or a translator who signs in to the admin."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
