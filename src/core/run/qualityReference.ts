// The real-vs-real values a run's classifier measured, as the charts draw them: reference lines at
// what a generator as good as the data would score. Pure.
import type { ClassifierSummary, QualityReference } from './runRecords';

export function qualityReferenceOf(s: ClassifierSummary): QualityReference {
  const { fid, kid, classKl, confidence, classesCovered } = s.realVsReal;
  return { fid, kid, classKl, confidence, classesCovered };
}
