/**
 * A throwaway PostgreSQL cluster with a pgBackRest stanza, for demos and restore tests.
 */
package dev.pitr.sandbox;
