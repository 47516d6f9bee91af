"""The technology market's pages: the public catalogue and Techmart sessions, demands for signed-in
people, contact requests and the deals pipeline for the two sides, session management for the DOST."""
