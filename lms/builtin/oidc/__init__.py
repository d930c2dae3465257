"""Built-in plugin ``oidc``: sign in with the agency's account (OpenID Connect single sign-on)."""
