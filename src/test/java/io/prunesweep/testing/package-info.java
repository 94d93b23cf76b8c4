/**
 * Test support shared by every test package: what a test needs from the machine (the dataset, a browser)
 * and how a missing prerequisite is handled, so a CI run cannot be green by skipping its end-to-end tests.
 */
package io.prunesweep.testing;
