@0xb639f73018e80c69;
# Endpoints. Calls themselves are ring operations (CALL on a client facet;
# RECV and RETURN on the raw endpoint) carrying the server interface's own id
# and method ordinal; these interfaces manage the endpoint objects.

interface Endpoint {
  # The raw endpoint: its holder serves calls.
  client @0 () -> (client :ClientEndpoint);
  revoke @1 () -> ();
  # Every client facet fails with ERR_REVOKED from now on.
}

interface ClientEndpoint {
  # Call-only facet of an Endpoint: attenuation by interface.
}

interface EndpointFactory {
  # Make endpoints to serve (a shell's StdIO for a child, init's Launcher
  # and Jobs). Each costs the caller two capability slots.
  create @0 () -> (endpoint :Endpoint, client :ClientEndpoint);
}
