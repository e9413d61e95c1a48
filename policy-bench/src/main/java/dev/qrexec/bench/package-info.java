/** JMH benchmarks of policy loading and evaluation, and the policy daemon's load generator. */
package dev.qrexec.bench;
