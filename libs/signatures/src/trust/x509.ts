// @peculiar/x509 resolves its parts with tsyringe, which needs reflect-metadata loaded first: the
// one way this project imports it, in the server, in worker threads and in scripts alike.
import 'reflect-metadata';

export * from '@peculiar/x509';
