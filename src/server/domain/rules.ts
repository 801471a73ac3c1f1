// The demo company's entity rules, entity by entity (the catalog is templates/catalog.json).
// test/server/rules.test.ts proves every entity of the catalog has rules and every field,
// operation and parameter named here exists.
import type { EntityRules, Grant } from './rule-types.js';

/** Generated keys: the entity's prefix and a number, EXP-00042 (the demo data uses the same form). */
export function formatKey(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(5, '0')}`;
}

const everyone: Grant[] = [{ roles: 'any' }];
const draftOrRejected = { in: ['Draft', 'Rejected'] };
const reportOwnerDraft = { owner: '$user', status: draftOrRejected };

export const entityRules: Record<string, EntityRules> = {
  Contact: {
    keyPrefix: 'CON-',
    read: everyone,
    create: { roles: 'any', refusal: '' },
    update: { roles: 'any', where: { owner: '$user' }, refusal: 'Only whoever added a contact can change it.' },
    delete: { roles: 'any', where: { owner: '$user' }, refusal: 'Only whoever added a contact can delete it.' },
    onCreate: { owner: '$user', createdAt: '$now' },
  },
  CostCentre: { keyPrefix: 'CC-', read: everyone },
  CostElement: { keyPrefix: 'CE-', read: [{ roles: ['Controller', 'Manager'] }] },
  CostLine: {
    keyPrefix: 'CL-',
    read: [{ roles: ['Controller', 'Manager'] }],
    operations: {
      requestBudgetRevision: {
        roles: ['Controller'],
        where: { revisionStatus: { ne: 'Requested' } },
        refusal: 'A budget revision is already requested for this line.',
        set: { revisionStatus: 'Requested' },
      },
    },
  },
  Customer: {
    keyPrefix: 'C-',
    read: [{ roles: ['Employee', 'Manager', 'Controller'] }],
    create: { roles: ['Employee', 'Manager'], refusal: '' },
    update: { roles: ['Employee', 'Manager'], refusal: '' },
    defaults: { blocked: false, currency: 'EUR' },
  },
  ExpenseCategory: { keyPrefix: 'CAT-', read: everyone },
  ExpenseLine: {
    keyPrefix: 'EXL-',
    read: [{ roles: 'any', viaParent: true }],
    parent: { field: 'reportNumber', entity: 'ExpenseReport', copy: { owner: 'owner', status: 'status' } },
    create: { roles: 'any', parentWhere: reportOwnerDraft, refusal: 'Expenses can only be added to your own draft or returned reports.' },
    update: { roles: 'any', parentWhere: reportOwnerDraft, refusal: 'Expenses can only be changed while their report is a draft or returned to you.' },
    delete: { roles: 'any', parentWhere: reportOwnerDraft, refusal: 'Expenses can only be deleted while their report is a draft or returned to you.' },
    onCreate: { createdAt: '$now' },
    defaults: { currency: '$parent.currency', paymentMethod: 'CompanyCard', receiptAttached: false },
  },
  ExpenseReport: {
    keyPrefix: 'EXP-',
    read: [{ roles: 'any', filter: { owner: '$user' } }, { roles: 'any', filter: { approver: '$user' } }, { roles: ['Controller'] }],
    create: { roles: 'any', refusal: '' },
    update: { roles: 'any', where: reportOwnerDraft, refusal: 'Only your own draft or returned reports can be changed.' },
    delete: { roles: 'any', where: { owner: '$user', status: 'Draft' }, refusal: 'Only your own draft reports can be deleted.' },
    onCreate: { owner: '$user', approver: '$user.managerId', status: 'Draft', createdAt: '$now', total: 0, lineCount: 0, missingReceipts: 0 },
    defaults: { currency: 'EUR' },
    operations: {
      submitExpenseReport: {
        roles: 'any',
        where: reportOwnerDraft,
        refusal: 'Only your own draft or returned reports can be submitted.',
        require: { filter: { lineCount: { gt: 0 }, missingReceipts: 0 }, message: 'The report needs at least one expense, and every expense that needs a receipt must have one.' },
        set: { status: 'Submitted', submittedAt: '$now', rejectionReason: null },
        setOnChildren: { status: 'Submitted' },
      },
      recallExpenseReport: {
        roles: 'any',
        where: { owner: '$user', status: 'Submitted' },
        refusal: 'Only your own submitted reports can be recalled.',
        set: { status: 'Draft', submittedAt: null },
        setOnChildren: { status: 'Draft' },
      },
      approveExpenseReport: {
        roles: ['Manager'],
        where: { approver: '$user', status: 'Submitted' },
        refusal: 'Only the approver of a submitted report can approve it.',
        set: { status: 'Approved' },
        setOnChildren: { status: 'Approved' },
      },
      rejectExpenseReport: {
        roles: ['Manager'],
        where: { approver: '$user', status: 'Submitted' },
        refusal: 'Only the approver of a submitted report can reject it.',
        set: { status: 'Rejected', rejectionReason: '$param.reason' },
        setOnChildren: { status: 'Rejected' },
      },
    },
  },
  InventoryOnHand: {
    keyPrefix: 'OH-',
    read: [{ roles: ['Warehouse', 'Manager', 'Controller'] }],
    operations: {
      adjustCount: {
        roles: ['Warehouse'],
        where: {},
        refusal: '',
        set: { physicalQuantity: '$param.countedQuantity', lastCountedAt: '$now', lastCountedBy: '$user' },
      },
    },
  },
  Item: { keyPrefix: 'I-', read: everyone },
  Project: { keyPrefix: 'P-', read: everyone },
  PurchaseOrder: {
    keyPrefix: 'PO-',
    read: [
      { roles: ['Purchaser', 'Controller'] },
      { roles: ['Manager'], filter: { approver: '$user' } },
      // Sent to their company: vendors never see drafts or orders awaiting approval.
      { roles: ['Vendor'], filter: { vendor: '$user.vendorId', sentAt: { ne: null } } },
    ],
    create: { roles: ['Purchaser'], refusal: '' },
    update: { roles: ['Purchaser'], where: { buyer: '$user', status: draftOrRejected }, refusal: 'Only your own draft or rejected orders can be changed.' },
    delete: { roles: ['Purchaser'], where: { buyer: '$user', status: 'Draft' }, refusal: 'Only your own draft orders can be deleted.' },
    onCreate: { buyer: '$user', approver: '$user.managerId', status: 'Draft', orderDate: '$today', createdAt: '$now', total: 0, lineCount: 0 },
    defaults: { currency: 'EUR' },
    operations: {
      submitPurchaseOrder: {
        roles: ['Purchaser'],
        where: { buyer: '$user', status: draftOrRejected },
        refusal: 'Only your own draft or rejected orders can be submitted.',
        require: { filter: { lineCount: { gt: 0 } }, message: 'The order needs at least one line.' },
        set: { status: 'AwaitingApproval', submittedAt: '$now', rejectionReason: null },
      },
      approvePurchaseOrder: {
        roles: ['Manager'],
        where: { approver: '$user', status: 'AwaitingApproval' },
        refusal: 'Only the approver of an order awaiting approval can approve it.',
        // Approved orders go to the vendor at once.
        set: { status: 'Sent', approverComment: '$param.comment', sentAt: '$now' },
      },
      rejectPurchaseOrder: {
        roles: ['Manager'],
        where: { approver: '$user', status: 'AwaitingApproval' },
        refusal: 'Only the approver of an order awaiting approval can reject it.',
        set: { status: 'Rejected', rejectionReason: '$param.reason' },
      },
      confirmPurchaseOrder: {
        roles: ['Vendor'],
        where: { vendor: '$user.vendorId', status: 'Sent' },
        refusal: 'Only the vendor of an order sent to it can confirm it.',
        set: { status: 'Confirmed', confirmedDeliveryDate: '$param.confirmedDeliveryDate', vendorNote: '$param.note' },
        setOnChildren: { status: 'Confirmed', confirmedDeliveryDate: '$param.confirmedDeliveryDate' },
      },
      declinePurchaseOrder: {
        roles: ['Vendor'],
        where: { vendor: '$user.vendorId', status: 'Sent' },
        refusal: 'Only the vendor of an order sent to it can decline it.',
        set: { status: 'Declined', vendorNote: '$param.reason' },
        setOnChildren: { status: 'Cancelled' },
      },
    },
  },
  PurchaseOrderLine: {
    keyPrefix: 'POL-',
    read: [{ roles: 'any', viaParent: true }],
    parent: { field: 'orderNumber', entity: 'PurchaseOrder', copy: { vendor: 'vendor', approver: 'approver' } },
    create: { roles: ['Purchaser'], parentWhere: { buyer: '$user', status: draftOrRejected }, refusal: 'Lines can only be added to your own draft or rejected orders.' },
    update: { roles: ['Purchaser'], parentWhere: { buyer: '$user', status: draftOrRejected }, refusal: 'Lines can only be changed while their order is a draft or rejected.' },
    delete: { roles: ['Purchaser'], parentWhere: { buyer: '$user', status: draftOrRejected }, refusal: 'Lines can only be deleted while their order is a draft or rejected.' },
    onCreate: { status: 'Open', receivedQuantity: 0 },
    defaults: { requestedDeliveryDate: '$parent.requestedDeliveryDate' },
    operations: {
      changeDeliveryDate: {
        roles: ['Vendor'],
        where: { vendor: '$user.vendorId', status: { in: ['Confirmed', 'PartlyReceived'] } },
        refusal: 'Only the vendor can change the delivery date of a confirmed line.',
        set: { confirmedDeliveryDate: '$param.confirmedDeliveryDate' },
      },
    },
  },
  SalesOrder: {
    keyPrefix: 'SO-',
    read: [{ roles: ['Employee', 'Manager', 'Controller'] }],
    create: { roles: ['Employee', 'Manager'], refusal: '' },
    update: { roles: ['Employee', 'Manager'], where: { salesRep: '$user', status: { in: ['Draft', 'Confirmed'] } }, refusal: 'Only your own orders that have not shipped can be changed.' },
    delete: { roles: ['Employee', 'Manager'], where: { salesRep: '$user', status: 'Draft' }, refusal: 'Only your own draft orders can be deleted.' },
    onCreate: { salesRep: '$user', status: 'Draft', createdAt: '$now', total: 0, lineCount: 0 },
    defaults: { orderDate: '$today', currency: 'EUR' },
    operations: {
      confirmSalesOrder: {
        roles: ['Employee', 'Manager'],
        where: { salesRep: '$user', status: 'Draft' },
        refusal: 'Only your own draft orders can be confirmed.',
        require: { filter: { lineCount: { gt: 0 } }, message: 'The order needs at least one line.' },
        set: { status: 'Confirmed' },
        setOnChildren: { status: 'Reserved' },
      },
      cancelSalesOrder: {
        roles: ['Employee', 'Manager'],
        where: { salesRep: '$user', status: { in: ['Draft', 'Confirmed'] } },
        refusal: 'Only your own orders that have not shipped can be cancelled.',
        set: { status: 'Cancelled' },
        setOnChildren: { status: 'Cancelled' },
      },
    },
  },
  SalesOrderLine: {
    keyPrefix: 'SOL-',
    read: [{ roles: 'any', viaParent: true }],
    parent: { field: 'orderNumber', entity: 'SalesOrder', copy: { customer: 'customer' } },
    create: { roles: ['Employee', 'Manager'], parentWhere: { salesRep: '$user', status: 'Draft' }, refusal: 'Lines can only be added to your own draft orders.' },
    update: { roles: ['Employee', 'Manager'], parentWhere: { salesRep: '$user', status: 'Draft' }, refusal: 'Lines can only be changed while their order is a draft.' },
    delete: { roles: ['Employee', 'Manager'], parentWhere: { salesRep: '$user', status: 'Draft' }, refusal: 'Lines can only be deleted while their order is a draft.' },
    onCreate: { status: 'Open' },
    defaults: { discountPercent: 0 },
  },
  Timesheet: {
    keyPrefix: 'TS-',
    read: [{ roles: 'any', filter: { owner: '$user' } }, { roles: ['Manager'], filter: { approver: '$user' } }, { roles: ['Controller'] }],
    create: { roles: ['ProjectMember'], refusal: '' },
    delete: { roles: ['ProjectMember'], where: { owner: '$user', status: 'Open', totalHours: 0 }, refusal: 'Only your own empty open timesheets can be deleted.' },
    onCreate: { owner: '$user', approver: '$user.managerId', status: 'Open', totalHours: 0, billableHours: 0 },
    operations: {
      submitTimesheet: {
        roles: ['ProjectMember'],
        where: { owner: '$user', status: { in: ['Open', 'Rejected'] } },
        refusal: 'Only your own open or returned timesheets can be submitted.',
        require: { filter: { totalHours: { gt: 0 } }, message: 'The timesheet has no hours.' },
        set: { status: 'Submitted', submittedAt: '$now', rejectionReason: null },
        setOnChildren: { status: 'Submitted' },
      },
      recallTimesheet: {
        roles: ['ProjectMember'],
        where: { owner: '$user', status: 'Submitted' },
        refusal: 'Only your own submitted timesheets can be recalled.',
        set: { status: 'Open', submittedAt: null },
        setOnChildren: { status: 'Open' },
      },
    },
  },
  TimesheetEntry: {
    keyPrefix: 'TSE-',
    read: [{ roles: 'any', viaParent: true }],
    parent: { field: 'timesheetNumber', entity: 'Timesheet', copy: { owner: 'owner', status: 'status' } },
    create: { roles: ['ProjectMember'], parentWhere: { owner: '$user', status: { in: ['Open', 'Rejected'] } }, refusal: 'Hours can only be added to your own open timesheets.' },
    update: { roles: ['ProjectMember'], parentWhere: { owner: '$user', status: { in: ['Open', 'Rejected'] } }, refusal: 'Hours can only be changed while their timesheet is open.' },
    delete: { roles: ['ProjectMember'], parentWhere: { owner: '$user', status: { in: ['Open', 'Rejected'] } }, refusal: 'Hours can only be deleted while their timesheet is open.' },
    defaults: { billable: true },
  },
  Vendor: {
    keyPrefix: 'V-',
    read: [{ roles: ['Purchaser', 'Manager', 'Controller', 'Warehouse'] }, { roles: ['Vendor'], filter: { id: '$user.vendorId' } }],
  },
  Warehouse: { keyPrefix: 'WH-', read: everyone },
};
