"""How people are reached: preferences, unsubscribe, calendar feed, Zalo, broadcasts, single sign-on."""
