/** Runs the CLI as a user would, for this folder's tests (not exported): `runCli` of @npc/testing. */
export { runCli as npc, type CliRun as Run } from '@npc/testing';
