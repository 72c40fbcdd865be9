import { Aspects, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { ProjectConfig } from '../config/schema';
import { StateBucket } from '../constructs/state-bucket';
import { ReviewAspect } from '../review/aspect';
import { declareBucketExceptions } from '../review/checkov/stack-exceptions';
import { writeCheckovBaselineOnSynth } from '../review/checkov/write-baseline';
import { createAwsProvider } from './aws-provider';
import { applyConfiguredSuppressions } from './configured-suppressions';

/** Bootstrap: the S3 bucket (and optional lock table) that every environment stack keeps its state in. */
export class StateStack extends TerraformStack {
  public readonly stateBucket: StateBucket;

  constructor(scope: Construct, id: string, config: ProjectConfig) {
    super(scope, id);
    Aspects.of(this).add(new ReviewAspect());
    // The bucket cannot hold its own state before it exists; this one state file stays local, in the
    // project folder (the path is relative to cdktf.out/stacks/state, which a clean synth may wipe).
    new LocalBackend(this, { path: '../../../terraform.state.tfstate' });
    createAwsProvider(this, config.region, { Project: config.project, Environment: 'shared', ManagedBy: 'cdktf', ...config.tags });

    this.stateBucket = new StateBucket(this, 'state', {
      bucketName: config.state.bucket,
      noncurrentVersionExpirationDays: config.state.noncurrentVersionExpirationDays,
      dynamodbLockTable: config.state.dynamodbLockTable,
    });

    new TerraformOutput(this, 'state_bucket_name', { value: this.stateBucket.bucket.bucket, description: 'Put this into config as state.bucket' });
    if (this.stateBucket.lockTable !== undefined) {
      new TerraformOutput(this, 'lock_table_name', { value: this.stateBucket.lockTable.name });
    }
    // Checkov's bucket checks that do not fit a state bucket, and the baseline synth writes from them (issue 12).
    declareBucketExceptions(this.stateBucket.bucket);
    writeCheckovBaselineOnSynth(this);
    applyConfiguredSuppressions(this, config.suppressions);
  }
}
