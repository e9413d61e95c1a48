/**
 * The policy daemon's load test: a generator that drives {@code policy.sock} with
 * one connection per request, as qrexec-daemon does, and a driver that measures
 * the daemon (system information from a file and from the qubesd stand-in) beside
 * a minimal C server that gives every connection a constant reply.
 */
package dev.qrexec.bench.load;
