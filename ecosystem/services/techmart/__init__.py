"""The technology market (Chợ công nghệ / Techmart): technology offers and enterprise demands, contact
requests through the platform, offer ↔ demand matching with reasons, the deals pipeline with its
append-only history (a signed contract becomes a 'technology_transfer' graph edge), and Techmart
sessions (an Event with booths, 1:1 meeting slots, an optimal meeting plan and a results report).

Uses: directory (relationships, search folding), matching (the pure scoring core and the graph),
events (the Event a session belongs to), funds (an enterprise's S&T fund shown on its demand),
platform (uploads, stored files, notifications, audit, settings).
"""
