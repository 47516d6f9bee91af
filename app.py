from ecosystem import create_app
app = create_app()
