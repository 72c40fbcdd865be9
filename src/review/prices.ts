import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReviewInputError } from './errors';
import { isArray, isObject, num, str, strings, type JsonObject } from './json';

/** The shipped price table and usage defaults (data/, two levels above this file). */
const DATA_DIR = join(__dirname, '..', '..', 'data');

/** One price, with how sure its source is. */
export interface PriceItem {
  readonly key: string;
  readonly component: string;
  readonly unit: string;
  /** Undefined when no price was found: such lines are reported as "price unknown". */
  readonly price: number | undefined;
  readonly regionOfPrice: string;
  readonly basis: readonly string[];
  readonly confidence: string | undefined;
  readonly note: string;
  readonly source: string;
}

export interface PriceTable {
  readonly region: string;
  readonly currency: string;
  readonly compiled: string;
  readonly items: ReadonlyMap<string, PriceItem>;
}

/** Monthly usage the prices are multiplied by (data/usage-assumptions.json, overridable). */
export interface UsageAssumptions {
  readonly hours_per_month: number;
  readonly nat_gateway_data_processed_gb_per_month: number;
  readonly alb_average_lcu: number;
  readonly default_root_volume_gb: number;
  readonly flow_log_gb_per_month: number;
  readonly log_group_gb_per_month: number;
  readonly s3_bucket_gb_per_month: number;
  readonly route53_million_queries_per_month: number;
  readonly interface_endpoint_gb_per_month: number;
  readonly nlb_average_nlcu: number;
}

const USAGE_KEYS: readonly (keyof UsageAssumptions)[] = [
  'hours_per_month',
  'nat_gateway_data_processed_gb_per_month',
  'alb_average_lcu',
  'default_root_volume_gb',
  'flow_log_gb_per_month',
  'log_group_gb_per_month',
  's3_bucket_gb_per_month',
  'route53_million_queries_per_month',
  'interface_endpoint_gb_per_month',
  'nlb_average_nlcu',
];

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ReviewInputError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReviewInputError(`${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function priceItem(entry: unknown, path: string): PriceItem {
  const key = isObject(entry) ? str(entry.key) : undefined;
  if (!isObject(entry) || key === undefined || str(entry.unit) === undefined || !(entry.price === null || num(entry.price) !== undefined)) {
    throw new ReviewInputError(`${path}: every item needs a string key and unit and a numeric (or null) price; got ${JSON.stringify(entry)}`);
  }
  return {
    key,
    component: str(entry.component) ?? key,
    unit: str(entry.unit) ?? '',
    price: num(entry.price),
    regionOfPrice: str(entry.region_of_price) ?? 'unknown',
    basis: strings(entry.basis),
    confidence: str(entry.confidence),
    note: str(entry.note) ?? '',
    source: str(entry.source) ?? '',
  };
}

export function loadPriceTable(path = join(DATA_DIR, 'prices-ap-northeast-2.json')): PriceTable {
  const json = readJson(path);
  if (!isObject(json) || !isArray(json.items)) {
    throw new ReviewInputError(`${path}: not a price table (expected { region, currency, items: [...] })`);
  }
  const items = json.items.map((entry) => priceItem(entry, path));
  return { region: str(json.region) ?? 'unknown', currency: str(json.currency) ?? 'USD', compiled: str(json.compiled) ?? 'unknown', items: new Map(items.map((item) => [item.key, item])) };
}

const TABLE_FILE = /^prices-([a-z]{2}(?:-[a-z]+)+-\d)\.json$/;

/** Regions with a shipped price table (`data/prices-<region>.json`), sorted. */
export function pricedRegions(dataDir = DATA_DIR): readonly string[] {
  return readdirSync(dataDir)
    .map((name) => TABLE_FILE.exec(name)?.[1])
    .filter((region): region is string => region !== undefined)
    .sort();
}

/** The shipped price table of a region, or undefined when that region is not priced. */
export function priceTableFor(region: string, dataDir = DATA_DIR): PriceTable | undefined {
  const path = join(dataDir, `prices-${region}.json`);
  return TABLE_FILE.test(`prices-${region}.json`) && existsSync(path) ? loadPriceTable(path) : undefined;
}

function usageFrom(json: JsonObject, path: string, base: Partial<UsageAssumptions>): Partial<UsageAssumptions> {
  const result: Partial<Record<keyof UsageAssumptions, number>> = { ...base };
  for (const [key, value] of Object.entries(json)) {
    if (key === 'about' || key === 'notes') {
      continue;
    }
    const known = USAGE_KEYS.find((candidate) => candidate === key);
    const amount = num(value);
    if (known === undefined) {
      throw new ReviewInputError(`${path}: unknown usage key "${key}"; known keys: ${USAGE_KEYS.join(', ')}`);
    }
    if (amount === undefined || amount < 0) {
      throw new ReviewInputError(`${path}: ${key} must be a number of at least 0, got ${JSON.stringify(value)}`);
    }
    result[known] = amount;
  }
  return result;
}

/** The shipped defaults, with an optional override file's keys on top. */
export function loadUsage(overridePath?: string, defaultsPath = join(DATA_DIR, 'usage-assumptions.json')): UsageAssumptions {
  const defaults = readJson(defaultsPath);
  if (!isObject(defaults)) {
    throw new ReviewInputError(`${defaultsPath}: expected an object of usage assumptions`);
  }
  let usage = usageFrom(defaults, defaultsPath, {});
  if (overridePath !== undefined) {
    const override = readJson(overridePath);
    if (!isObject(override)) {
      throw new ReviewInputError(`${overridePath}: expected an object of usage assumptions`);
    }
    usage = usageFrom(override, overridePath, usage);
  }
  const need = (key: keyof UsageAssumptions): number => {
    const value = usage[key];
    if (value === undefined) {
      throw new ReviewInputError(`${defaultsPath}: missing the usage assumption ${key}`);
    }
    return value;
  };
  return {
    hours_per_month: need('hours_per_month'),
    nat_gateway_data_processed_gb_per_month: need('nat_gateway_data_processed_gb_per_month'),
    alb_average_lcu: need('alb_average_lcu'),
    default_root_volume_gb: need('default_root_volume_gb'),
    flow_log_gb_per_month: need('flow_log_gb_per_month'),
    log_group_gb_per_month: need('log_group_gb_per_month'),
    s3_bucket_gb_per_month: need('s3_bucket_gb_per_month'),
    route53_million_queries_per_month: need('route53_million_queries_per_month'),
    interface_endpoint_gb_per_month: need('interface_endpoint_gb_per_month'),
    nlb_average_nlcu: need('nlb_average_nlcu'),
  };
}
