// The CDK app entry point (`cdk.json` bundles and runs it); see deploy/README.md.
import { createLocusApp } from './locus-app';

createLocusApp().app.synth();
