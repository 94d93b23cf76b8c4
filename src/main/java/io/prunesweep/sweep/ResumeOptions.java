package io.prunesweep.sweep;

/**
 * What a resumed sweep runs again besides the candidates that have no result. The defaults (both false) reuse
 * every finished result, so a scheduled rerun of the same spec never redoes work.
 *
 * @param retryFailed    failed candidates run again ({@code --retry-failed}); ok results never do
 * @param rerunOtherCode candidates whose result another build wrote run again ({@code --rerun-other-code}),
 *                       see {@link ResumePlan}
 */
public record ResumeOptions(boolean retryFailed, boolean rerunOtherCode) {
    /** Reuse every finished result. */
    public static final ResumeOptions REUSE = new ResumeOptions(false, false);
}
