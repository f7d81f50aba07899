/**
 * The trainer: consumes {@code trainer.commands}, builds diversified training sets, retrains,
 * evaluates across domains and publishes better models with a {@code ModelEvent}. Not built yet;
 * the module exists so the build has its final shape.
 */
package io.hookline.trainer;
