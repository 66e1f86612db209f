/** The org's 16 objects, with CRMArena's object and field names. Dates are ISO 8601 UTC text. */

export type UserRecord = {
  Id: string;
  FirstName: string;
  LastName: string;
  Email: string;
  Phone: string;
  Alias: string;
  Username: string;
};

/** A person account: a customer of the store. */
export type AccountRecord = {
  Id: string;
  Name: string;
  FirstName: string;
  LastName: string;
  PersonEmail: string;
  Phone: string;
  ShippingCity: string;
  ShippingState: string;
};

export type ContactRecord = {
  Id: string;
  AccountId: string;
  Email: string;
  FirstName: string;
  LastName: string;
  OwnerId: string;
};

export const OPEN_STATUSES = ['New', 'Working', 'Escalated'] as const;
export const CASE_STATUSES = [...OPEN_STATUSES, 'Closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export type CaseRecord = {
  Id: string;
  AccountId: string;
  ContactId: string;
  /** The latest owner. */
  OwnerId: string;
  CreatedDate: string;
  ClosedDate: string | null;
  Status: CaseStatus;
  Priority: 'High' | 'Medium' | 'Low';
  Origin: 'Email' | 'Chat' | 'Web';
  Subject: string;
  Description: string;
  IssueId__c: string;
  OrderItemId__c: string;
};

export type KnowledgeRecord = {
  Id: string;
  Title: string;
  Summary: string;
  UrlName: string;
  FAQ_Answer__c: string;
};

export type ProductCategoryRecord = {
  Id: string;
  Name: string;
  CatalogId: string;
};

export type Product2Record = {
  Id: string;
  Name: string;
  Description: string;
  IsActive: boolean;
  External_ID__c: string;
};

export type ProductCategoryProductRecord = {
  Id: string;
  ProductCategoryId: string;
  ProductId: string;
};

export type Pricebook2Record = {
  Id: string;
  Name: string;
  ValidFrom: string;
  ValidTo: string;
  IsActive: boolean;
};

export type PricebookEntryRecord = {
  Id: string;
  Pricebook2Id: string;
  Product2Id: string;
  UnitPrice: number;
};

export type OrderRecord = {
  Id: string;
  AccountId: string;
  /** `YYYY-MM-DD`. */
  EffectiveDate: string;
  Pricebook2Id: string;
  Status: 'Draft' | 'Activated';
};

export type OrderItemRecord = {
  Id: string;
  OrderId: string;
  Product2Id: string;
  PricebookEntryId: string;
  Quantity: number;
  UnitPrice: number;
};

export type EmailMessageRecord = {
  Id: string;
  /** The case. */
  ParentId: string;
  Subject: string;
  TextBody: string;
  FromAddress: string;
  ToAddress: string;
  /** The recipient's Id (a User or a Contact). */
  ToIds: string;
  MessageDate: string;
};

export type LiveChatTranscriptRecord = {
  Id: string;
  CaseId: string;
  AccountId: string;
  ContactId: string;
  OwnerId: string;
  Body: string;
  EndTime: string;
};

export type IssueRecord = {
  Id: string;
  Name: string;
};

export const HISTORY_FIELDS = ['Case Creation', 'Owner Assignment', 'Case Closed'] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];

export type CaseHistoryRecord = {
  Id: string;
  CaseId__c: string;
  CreatedDate: string;
  Field__c: HistoryField;
  /** The previous owner on a transfer; null otherwise. */
  OldValue__c: string | null;
  /** The new owner on an Owner Assignment; null otherwise. */
  NewValue__c: string | null;
};

/** Every object of the org, keyed by its API name. */
export type OrgTables = {
  User: readonly UserRecord[];
  Account: readonly AccountRecord[];
  Contact: readonly ContactRecord[];
  Case: readonly CaseRecord[];
  Knowledge__kav: readonly KnowledgeRecord[];
  ProductCategory: readonly ProductCategoryRecord[];
  Product2: readonly Product2Record[];
  ProductCategoryProduct: readonly ProductCategoryProductRecord[];
  Pricebook2: readonly Pricebook2Record[];
  PricebookEntry: readonly PricebookEntryRecord[];
  Order: readonly OrderRecord[];
  OrderItem: readonly OrderItemRecord[];
  EmailMessage: readonly EmailMessageRecord[];
  LiveChatTranscript: readonly LiveChatTranscriptRecord[];
  Issue__c: readonly IssueRecord[];
  CaseHistory__c: readonly CaseHistoryRecord[];
};

export type ObjectName = keyof OrgTables;

export const OBJECT_NAMES: readonly ObjectName[] = [
  'User',
  'Account',
  'Contact',
  'Case',
  'Knowledge__kav',
  'ProductCategory',
  'Product2',
  'ProductCategoryProduct',
  'Pricebook2',
  'PricebookEntry',
  'Order',
  'OrderItem',
  'EmailMessage',
  'LiveChatTranscript',
  'Issue__c',
  'CaseHistory__c',
];
