import { layer } from 'readygraph';

/** The web layer ("xweb"): the HTTP server hosting the management API, the health checks and the peer endpoint. */
export const Web = layer('web');

/**
 * The consensus layer: the mesh of controller-to-controller links and what runs over it (the cluster bootstrapper
 * and the Raft node). It needs the web layer: the mesh's hellos carry the web layer's API addresses, and the peer
 * endpoint is served by the web server.
 */
export const Consensus = layer('consensus', { dependsOn: [Web] });
