/** The picocli command line: {@code train}, {@code prune}, {@code sweep}, {@code inspect}. */
package io.prunesweep.cli;
