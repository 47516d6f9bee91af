"""Sign-in, sign-out, sign-up and passwords."""
