/** Making images slimmer and safer: history, efficiency, lint, squash, scan, slim. */
package dev.pier.analyze;
