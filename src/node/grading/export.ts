/** A class matrix as the files an instructor hands to the school. Pure. */
import type { Status } from '../../../checker/rules/types.ts'
import { formatCsv } from './csv.ts'
import type { ClassMatrix } from './matrix.ts'
import { outsideTitles } from './outside.ts'

export const exportFormats = ['csv', 'json'] as const
export type ExportFormat = (typeof exportFormats)[number]

const statusLabel: Record<Status, string> = { pass: '合格', fail: '不合格', warn: '警告', unknown: '不明' }

/** UTF-8 with BOM and Japanese headers, so Excel opens it as it is. */
export function matrixToCsv(matrix: ClassMatrix): string {
  const header = [
    '学籍番号',
    '氏名',
    'ホスト',
    '最終提出',
    '提出方法',
    '提出元アドレス',
    '合格数',
    'チェック数',
    ...matrix.columns.map((column) => column.title.ja),
    '外部確認日時',
    '外部確認アドレス',
    '報告と外部確認の食い違い',
  ]
  const rows = matrix.rows.map((row) => [
    row.student.studentId,
    row.student.name,
    row.student.host,
    row.last?.receivedAt ?? '未提出',
    row.last ? (row.last.source === 'pull' ? '回収' : '提出') : null,
    row.last?.address,
    row.last?.summary.pass,
    row.last?.summary.total,
    ...matrix.columns.map((column) => {
      const status = row.statuses[column.id]
      return status ? statusLabel[status] : null
    }),
    row.outsideAt,
    row.outsideAddress,
    row.disagreements.map((id) => outsideTitles[id].ja).join('、'),
  ])
  return formatCsv([header, ...rows])
}

export function matrixToJson(matrix: ClassMatrix): string {
  return `${JSON.stringify(matrix, null, 2)}\n`
}

export function formatExport(matrix: ClassMatrix, format: ExportFormat): string {
  return format === 'csv' ? matrixToCsv(matrix) : matrixToJson(matrix)
}
