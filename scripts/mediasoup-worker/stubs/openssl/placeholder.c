/* Placeholder for a static-library target the worker build never links. */
int passerelle_placeholder(void) { return 0; }
