package cn.township.workflow.casefile;

import java.util.Optional;

/**
 * The seal printed on an organ's documents. Today an image per organ (documents/seals/, {@link ImageSeals}); a
 * real electronic seal (a signing service applying the organ's certificate to the PDF) replaces this bean.
 */
public interface SealProvider {

  /** The seal image of the organ, prepared for embedding, if it has one. */
  Optional<SealImage> sealFor(Organs.Organ organ);
}
